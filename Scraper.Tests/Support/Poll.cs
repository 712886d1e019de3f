namespace Scraper.Tests.Support;

/// <summary>The one way the tests wait for something to become true without sleeping for a guessed time: the
/// condition is checked every <c>interval</c> (100 ms unless said) until it holds or the deadline passes. A
/// condition may throw to stop waiting early (a process that exited). The deadline and the waits are on
/// <c>time</c> (the system's clock unless said), so a fake clock can drive it.</summary>
/// <remarks>Also compiled into Scraper.Benchmarks.</remarks>
internal static class Poll
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    /// <exception cref="TimeoutException">The condition still did not hold at the deadline; the message is
    /// <paramref name="failure"/>'s, made then, so it can say how things stood.</exception>
    public static async Task UntilAsync(
        Func<Task<bool>> condition, TimeSpan deadline, Func<string> failure, TimeSpan? interval = null, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var started = time.GetTimestamp();
        while (!await condition())
        {
            if (time.GetElapsedTime(started) > deadline)
            {
                throw new TimeoutException(failure());
            }

            await Task.Delay(interval ?? DefaultInterval, time);
        }
    }

    /// <inheritdoc cref="UntilAsync(Func{Task{bool}}, TimeSpan, Func{string}, TimeSpan?, TimeProvider?)"/>
    public static Task UntilAsync(
        Func<bool> condition, TimeSpan deadline, Func<string> failure, TimeSpan? interval = null, TimeProvider? time = null) =>
        UntilAsync(() => Task.FromResult(condition()), deadline, failure, interval, time);

    /// <summary>Waits until <paramref name="moment"/> has passed on <paramref name="time"/>'s wall clock: for
    /// what is stamped with real time (metric points), where some real time must go by.</summary>
    public static Task UntilPassedAsync(DateTimeOffset moment, TimeSpan? interval = null, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var deadline = moment - time.GetUtcNow() + TimeSpan.FromSeconds(30);
        return UntilAsync(
            () => time.GetUtcNow() > moment,
            deadline,
            () => "the clock did not pass " + moment.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            interval ?? TimeSpan.FromMilliseconds(20),
            time);
    }
}
