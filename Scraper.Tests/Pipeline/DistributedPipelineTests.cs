using Scraper.Simulator;
using Scraper.Tests.Support;

namespace Scraper.Tests.Pipeline;

/// <summary>Several worker processes of the real executable sharing one Redis (Hangfire and the request gate)
/// and one PostgreSQL store.</summary>
[Collection("Pipeline")]
public class DistributedPipelineTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Pipeline_ThreeWorkerProcesses_StoreEachSubmissionOnceAndHoldTheRateInTotal()
    {
        const int RequestsPerMinute = 1800;
        string[] subreddits = ["north", "south", "west"];
        var world = new SimulatedWorld(seed: 21) { ShowAds = false };
        foreach (var subreddit in subreddits)
        {
            world.AddSubreddit(subreddit, 80, TimeSpan.FromDays(2));
        }

        await using var cluster = await WorkerCluster.StartAsync(world, RequestsPerMinute, workers: 3);
        cluster.Discover(subreddits);

        await cluster.WaitForStoredAsync(240, Deadline);

        var stored = await cluster.Store.ExportAsync(null, null, CancellationToken.None).ToListAsync();
        Assert.Equal(240, stored.Count);
        Assert.All(stored, s => Assert.Equal(1, s.ScrapeCount));
        Assert.Equal(240, cluster.Reddit.Requests.Count(RouteKind.Submission));
        Assert.Equal(0, cluster.Hangfire.GetMonitoringApi().FailedCount());
        // Slots are handed out exactly 60/rate apart; a request whose process was slow to send it can arrive
        // close to the next one, so a window may hold a few more than its share (10% here), never many more,
        // and the whole run lasts at least as long as its slots, less a few.
        var times = cluster.Reddit.Requests.Requests.Select(r => r.ReceivedAt).Order().ToList();
        var window = TimeSpan.FromSeconds(5);
        var share = RequestsPerMinute * 5 / 60;
        var most = times.Max(start => times.Count(t => t >= start && t < start + window));
        Assert.InRange(most, 1, (share * 110 / 100) + 2);
        var slot = TimeSpan.FromMinutes(1) / RequestsPerMinute;
        Assert.True(times[^1] - times[0] >= slot * (times.Count - 5), "the run took only " + (times[^1] - times[0]));
    }

    [Fact]
    public async Task Pipeline_WorkerKilledMidRunAndStartedAgain_StoresEverythingOnce()
    {
        var world = new SimulatedWorld(seed: 22) { ShowAds = false };
        world.AddSubreddit("north", 150, TimeSpan.FromDays(2));
        await using var cluster = await WorkerCluster.StartAsync(world, requestsPerMinute: 900, workers: 2);
        cluster.Discover("north");
        await cluster.WaitForStoredAsync(40, Deadline);

        // A real kill, mid-run: no shutdown; its jobs in flight stay taken until their invisibility ends, then
        // come back and run again (an upsert: one row each).
        cluster.Workers[0].Kill(entireProcessTree: true);
        await cluster.Workers[0].WaitForExitAsync();
        cluster.StartWorker();

        await cluster.WaitForStoredAsync(150, Deadline);
        var stored = await cluster.Store.ExportAsync(null, null, CancellationToken.None).ToListAsync();
        Assert.Equal(world.AllIds("north").Order(StringComparer.Ordinal), stored.Select(s => s.Page.Submission.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Pipeline_RedisRestartedMidRun_StoresEverythingOnceWithoutRestartingTheWorkers()
    {
        var world = new SimulatedWorld(seed: 23) { ShowAds = false };
        world.AddSubreddit("south", 150, TimeSpan.FromDays(2));
        await using var cluster = await WorkerCluster.StartAsync(world, requestsPerMinute: 900, workers: 2);
        cluster.Discover("south");
        await cluster.WaitForStoredAsync(40, Deadline);

        await cluster.Redis.ShutdownAsync();
        await cluster.Redis.RestartAsync();

        await cluster.WaitForStoredAsync(150, Deadline);
        var stored = await cluster.Store.ExportAsync(null, null, CancellationToken.None).ToListAsync();
        Assert.Equal(world.AllIds("south").Order(StringComparer.Ordinal), stored.Select(s => s.Page.Submission.Id).Order(StringComparer.Ordinal));
        Assert.All(cluster.Workers, w => Assert.False(w.HasExited));
    }
}
