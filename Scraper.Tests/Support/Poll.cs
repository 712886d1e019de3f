namespace Scraper.Tests.Support;

/// <summary>Waiting for something to become true without sleeping for a guessed time: the condition is checked
/// every few milliseconds until it holds or the deadline passes.</summary>
internal static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <exception cref="TimeoutException">The condition still did not hold at the deadline; the message is
    /// <paramref name="failure"/>'s, made then, so it can say how things stood.</exception>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan deadline, Func<string> failure)
    {
        var until = DateTime.UtcNow + deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException(failure());
            }

            await Task.Delay(Interval);
        }
    }
}
