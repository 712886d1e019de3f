using Hangfire;
using Hangfire.Redis.StackExchange;
using Scraper.Jobs.Discovery;
using Scraper.Jobs.Storage;
using Scraper.Simulator;
using Scraper.Tests.Support;
using Scraper.Web.Hosting;
using StackExchange.Redis;

namespace Scraper.Tests.Pipeline;

/// <summary>Several worker processes of the real executable sharing one Redis (Hangfire and the request gate)
/// and one PostgreSQL store.</summary>
[Collection("Pipeline")]
public class DistributedPipelineTests
{
    private const int RequestsPerMinute = 1800;
    private static readonly string[] Subreddits = ["north", "south", "west"];

    [Fact]
    public async Task Pipeline_ThreeWorkerProcesses_StoreEachSubmissionOnceAndHoldTheRateInTotal()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var postgres = await PostgresServer.StartAsync();
        var database = await postgres.CreateDatabaseAsync();
        var world = new SimulatedWorld(seed: 21) { ShowAds = false };
        foreach (var subreddit in Subreddits)
        {
            world.AddSubreddit(subreddit, 80, TimeSpan.FromDays(2));
        }

        await using var reddit = await SimulatedReddit.StartAsync(world);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Reddit__BaseUrl"] = reddit.BaseUrl.ToString(),
            ["Reddit__UserAgent"] = FetcherHost.UserAgent,
            ["Reddit__RequestsPerMinute"] = RequestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Reddit__RetryBaseDelay"] = "00:00:00.100",
            ["Scraper__Role"] = "worker",
            ["Scraper__Workers"] = "4",
            ["Scraper__Backfill"] = "7.00:00:00",
            ["ConnectionStrings__Redis"] = redis.ConnectionString,
            ["ConnectionStrings__Submissions"] = database,
        };
        var workers = Enumerable.Range(0, 3).Select(_ => ScraperProcess.Start(environment)).ToList();
        try
        {
            using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
            var hangfire = new RedisStorage(connection, new RedisStorageOptions { Prefix = PipelineRegistration.HangfirePrefix });
            var client = new BackgroundJobClient(hangfire);
            foreach (var subreddit in Subreddits)
            {
                client.Enqueue<DiscoveryJob>(j => j.DiscoverAsync(subreddit, null, CancellationToken.None));
            }

            await using var store = new PostgresSubmissionStore(database);
            // The workers create the schema as they start; so may the test, at the same time, harmlessly.
            await store.InitializeAsync(CancellationToken.None);
            await WaitUntilAsync(async () => await store.CountAsync(null, CancellationToken.None) >= 240, TimeSpan.FromMinutes(2));
            await WaitUntilAsync(() => Task.FromResult(Idle(hangfire)), TimeSpan.FromMinutes(1));

            var stored = await store.ExportAsync(null, null, CancellationToken.None).ToListAsync();
            Assert.Equal(240, stored.Count);
            Assert.All(stored, s => Assert.Equal(1, s.ScrapeCount));
            Assert.Equal(240, reddit.Requests.Count(RouteKind.Submission));
            Assert.Equal(0, hangfire.GetMonitoringApi().FailedCount());
            var times = reddit.Requests.Requests.Select(r => r.ReceivedAt).Order().ToList();
            // Slots are handed out exactly 60/rate apart; a request whose process was slow to send it can arrive
            // close to the next one, so a window may hold a few more than its share — never many more.
            var window = TimeSpan.FromSeconds(5);
            var share = RequestsPerMinute * 5 / 60;
            var most = times.Max(start => times.Count(t => t >= start && t < start + window));
            Assert.InRange(most, 1, (share * 105 / 100) + 1);
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Kill(entireProcessTree: true);
                await worker.WaitForExitAsync();
                worker.Dispose();
            }
        }
    }

    [Fact]
    public async Task Pipeline_WorkerKilledMidRunAndStartedAgain_StoresEverythingOnce()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var postgres = await PostgresServer.StartAsync();
        var database = await postgres.CreateDatabaseAsync();
        var world = new SimulatedWorld(seed: 22) { ShowAds = false };
        world.AddSubreddit("north", 150, TimeSpan.FromDays(2));
        await using var reddit = await SimulatedReddit.StartAsync(world);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Reddit__BaseUrl"] = reddit.BaseUrl.ToString(),
            ["Reddit__UserAgent"] = FetcherHost.UserAgent,
            ["Reddit__RequestsPerMinute"] = "900",
            ["Scraper__Role"] = "worker",
            ["Scraper__Workers"] = "4",
            ["Scraper__Backfill"] = "7.00:00:00",
            // Short here, so the killed worker's jobs come back within the test.
            ["Scraper__InvisibilityTimeout"] = "00:00:10",
            ["ConnectionStrings__Redis"] = redis.ConnectionString,
            ["ConnectionStrings__Submissions"] = database,
        };
        var workers = new List<System.Diagnostics.Process> { ScraperProcess.Start(environment), ScraperProcess.Start(environment) };
        try
        {
            using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
            var hangfire = new RedisStorage(connection, new RedisStorageOptions { Prefix = PipelineRegistration.HangfirePrefix });
            new BackgroundJobClient(hangfire).Enqueue<DiscoveryJob>(j => j.DiscoverAsync("north", null, CancellationToken.None));
            await using var store = new PostgresSubmissionStore(database);
            await store.InitializeAsync(CancellationToken.None);
            await WaitUntilAsync(async () => await store.CountAsync(null, CancellationToken.None) >= 40, TimeSpan.FromMinutes(1));

            // A real kill, mid-run: no shutdown, its jobs in flight stay fetched until their invisibility ends.
            workers[0].Kill(entireProcessTree: true);
            await workers[0].WaitForExitAsync();
            workers.Add(ScraperProcess.Start(environment));

            // The dead worker's jobs come back after their invisibility and run again: an upsert, one row each.
            // (Not waiting for Hangfire to be idle: when the dead worker had stored a row but not yet marked its
            // job done, that job shows as processing until Hangfire's watcher requeues it.)
            await WaitUntilAsync(async () => await store.CountAsync(null, CancellationToken.None) >= 150, TimeSpan.FromMinutes(2));
            var stored = await store.ExportAsync(null, null, CancellationToken.None).ToListAsync();
            Assert.Equal(150, stored.Count);
            Assert.Equal(world.AllIds("north").Order(StringComparer.Ordinal), stored.Select(s => s.Page.Submission.Id).Order(StringComparer.Ordinal));
        }
        finally
        {
            foreach (var worker in workers)
            {
                if (!worker.HasExited)
                {
                    worker.Kill(entireProcessTree: true);
                    await worker.WaitForExitAsync();
                }

                worker.Dispose();
            }
        }
    }

    [Fact]
    public async Task Pipeline_RedisRestartedMidRun_StoresEverythingOnceWithoutRestartingTheWorkers()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var postgres = await PostgresServer.StartAsync();
        var database = await postgres.CreateDatabaseAsync();
        var world = new SimulatedWorld(seed: 23) { ShowAds = false };
        world.AddSubreddit("south", 150, TimeSpan.FromDays(2));
        await using var reddit = await SimulatedReddit.StartAsync(world);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Reddit__BaseUrl"] = reddit.BaseUrl.ToString(),
            ["Reddit__UserAgent"] = FetcherHost.UserAgent,
            ["Reddit__RequestsPerMinute"] = "900",
            ["Scraper__Role"] = "worker",
            ["Scraper__Workers"] = "4",
            ["Scraper__Backfill"] = "7.00:00:00",
            ["Scraper__InvisibilityTimeout"] = "00:00:10",
            ["ConnectionStrings__Redis"] = redis.ConnectionString,
            ["ConnectionStrings__Submissions"] = database,
        };
        var workers = new List<System.Diagnostics.Process> { ScraperProcess.Start(environment), ScraperProcess.Start(environment) };
        try
        {
            await using var store = new PostgresSubmissionStore(database);
            await store.InitializeAsync(CancellationToken.None);
            using (var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
            {
                var hangfire = new RedisStorage(connection, new RedisStorageOptions { Prefix = PipelineRegistration.HangfirePrefix });
                new BackgroundJobClient(hangfire).Enqueue<DiscoveryJob>(j => j.DiscoverAsync("south", null, CancellationToken.None));
                await WaitUntilAsync(async () => await store.CountAsync(null, CancellationToken.None) >= 40, TimeSpan.FromMinutes(1));
            }

            await redis.ShutdownAsync();
            await redis.RestartAsync();

            await WaitUntilAsync(async () => await store.CountAsync(null, CancellationToken.None) >= 150, TimeSpan.FromMinutes(2));
            var stored = await store.ExportAsync(null, null, CancellationToken.None).ToListAsync();
            Assert.Equal(world.AllIds("south").Order(StringComparer.Ordinal), stored.Select(s => s.Page.Submission.Id).Order(StringComparer.Ordinal));
            Assert.All(workers, w => Assert.False(w.HasExited));
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Kill(entireProcessTree: true);
                await worker.WaitForExitAsync();
                worker.Dispose();
            }
        }
    }

    private static bool Idle(JobStorage storage)
    {
        var monitoring = storage.GetMonitoringApi();
        return monitoring.EnqueuedCount(DiscoveryJob.Queue) + monitoring.EnqueuedCount("scrape") + monitoring.ProcessingCount() == 0;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException("Condition not met within " + deadline);
            }

            await Task.Delay(100);
        }
    }
}
