namespace Scraper.Tests.Support;

/// <summary>The one way the tests wait for something to become true without sleeping for a guessed time: the
/// condition is checked every <c>interval</c> (100 ms unless said) until it holds or the deadline passes. A
/// condition may throw to stop waiting early (a process that exited).</summary>
internal static class Poll
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    /// <exception cref="TimeoutException">The condition still did not hold at the deadline; the message is
    /// <paramref name="failure"/>'s, made then, so it can say how things stood.</exception>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan deadline, Func<string> failure, TimeSpan? interval = null)
    {
        var until = DateTime.UtcNow + deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException(failure());
            }

            await Task.Delay(interval ?? DefaultInterval);
        }
    }

    /// <inheritdoc cref="UntilAsync(Func{Task{bool}}, TimeSpan, Func{string}, TimeSpan?)"/>
    public static Task UntilAsync(Func<bool> condition, TimeSpan deadline, Func<string> failure, TimeSpan? interval = null) =>
        UntilAsync(() => Task.FromResult(condition()), deadline, failure, interval);
}
