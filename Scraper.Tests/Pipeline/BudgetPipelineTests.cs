using Scraper.Simulator;
using Scraper.Tests.Support;

namespace Scraper.Tests.Pipeline;

/// <summary>The request budget over longer than a minute, across three worker processes sharing one Redis, judged
/// from the simulator's arrival times.</summary>
[Collection("Pipeline")]
public class BudgetPipelineTests
{
    private const int RequestsPerMinute = 120;

    [Fact]
    public async Task Pipeline_ThreeProcessesWithMoreThanAMinutesWork_NeverExceedTheBudgetInAnySixtySeconds()
    {
        string[] subreddits = ["north", "south", "east"];
        var world = new SimulatedWorld(seed: 71) { ShowAds = false };
        foreach (var subreddit in subreddits)
        {
            world.AddSubreddit(subreddit, 50, TimeSpan.FromDays(2));
        }

        await using var cluster = await WorkerCluster.StartAsync(world, RequestsPerMinute, workers: 3);
        cluster.Reddit.Requests.Clear();
        cluster.Discover(subreddits);

        // 150 scrapes and the listings at two a second: about 80 s of work.
        await cluster.WaitForStoredAsync(150, TimeSpan.FromMinutes(4));

        var log = cluster.Reddit.Requests.Requests.OrderBy(r => r.ReceivedAt).ToList();
        Assert.True(log[^1].ReceivedAt - log[0].ReceivedAt > TimeSpan.FromSeconds(70), "the run was too short to judge a minute");
        var windows = log.Select((r, i) => log.Skip(i).TakeWhile(later => later.ReceivedAt - r.ReceivedAt < TimeSpan.FromMinutes(1)).Count()).ToList();
        Assert.InRange(windows.Max(), RequestsPerMinute * 3 / 4, RequestsPerMinute);
    }
}
