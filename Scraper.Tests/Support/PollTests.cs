using Microsoft.Extensions.Time.Testing;

namespace Scraper.Tests.Support;

/// <summary>The poll-until helper on a fake clock: its deadline and its waits are the clock's, not the machine's.</summary>
public class PollTests
{
    [Fact]
    public async Task UntilAsync_NeverTrue_ThrowsOnceTheDeadlineHasPassedOnTheGivenClock()
    {
        var time = new FakeTimeProvider();
        var checks = 0;

        // Each check moves the clock on 300 ms: checks at 0.3, 0.6, 0.9 and 1.2 s, and the last is past 1 s.
        var thrown = await Assert.ThrowsAsync<TimeoutException>(() => Poll.UntilAsync(
            () =>
            {
                checks++;
                time.Advance(TimeSpan.FromMilliseconds(300));
                return false;
            },
            TimeSpan.FromSeconds(1),
            () => "still false after " + checks,
            TimeSpan.Zero,
            time));

        Assert.Equal(4, checks);
        Assert.Equal("still false after 4", thrown.Message);
    }

    [Fact]
    public async Task UntilAsync_FalseOnce_WaitsTheIntervalOnTheGivenClockThenReturns()
    {
        var time = new FakeTimeProvider();
        var checks = 0;

        var polling = Poll.UntilAsync(() => ++checks > 1, TimeSpan.FromDays(1), () => "not true", TimeSpan.FromHours(1), time);

        Assert.False(polling.IsCompleted);
        Assert.Equal(1, checks);
        time.Advance(TimeSpan.FromHours(1));
        await polling.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, checks);
    }

    [Fact]
    public async Task UntilPassedAsync_AMomentOnTheGivenClock_ReturnsOnlyOnceItHasPassed()
    {
        var time = new FakeTimeProvider();
        var moment = time.GetUtcNow() + TimeSpan.FromMinutes(5);

        var waiting = Poll.UntilPassedAsync(moment, TimeSpan.FromMinutes(1), time);

        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(6));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
