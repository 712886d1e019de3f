using System.Globalization;
using Hangfire;
using Hangfire.Redis.StackExchange;
using Scraper.Jobs.Scraping;
using Scraper.Jobs.Storage;
using Scraper.Simulator;
using Scraper.Tests.Support;
using Scraper.Web.Hosting;
using StackExchange.Redis;

namespace Scraper.Tests.Hosting;

/// <summary>SIGTERM to a worker process (the real executable, Hangfire on a real Redis) while a scrape job runs.</summary>
[Collection("Pipeline")]
public sealed class ShutdownTests : IAsyncLifetime
{
    private readonly TempFolder _folder = TempFolder.Create("shutdown");
    private readonly SimulatedWorld _world = new(seed: 61) { ShowAds = false };
    // Null until InitializeAsync has started them (DisposeAsync also runs after it failed half-way).
    private RedisServer _redis = null!;
    private SimulatedReddit _reddit = null!;
    private ConnectionMultiplexer _connection = null!;
    private RedisStorage _hangfire = null!;

    private string Database => _folder.PathOf("submissions.db");

    public async Task InitializeAsync()
    {
        try
        {
            _world.AddSubreddit("calm", 3, TimeSpan.FromDays(1));
            _redis = await RedisServer.StartAsync();
            _reddit = await SimulatedReddit.StartAsync(_world);
            _connection = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
            _hangfire = new RedisStorage(_connection, new RedisStorageOptions { Prefix = HangfireRegistration.HangfirePrefix });
        }
        catch
        {
            // xunit does not call DisposeAsync when InitializeAsync throws.
            await DisposeAsync();
            throw;
        }
    }

    [Fact]
    public async Task Sigterm_JobShorterThanHalfTheTimeout_FinishesItThenExitsZero()
    {
        var shutdownTimeout = TimeSpan.FromSeconds(12);
        var id = _world.ListedIds("calm")[0];
        _reddit.Faults.Next(Fault.Slow(TimeSpan.FromSeconds(2)), route: RouteKind.Submission);
        await using var worker = StartWorker(shutdownTimeout);
        var job = await EnqueueAndWaitUntilProcessingAsync(worker, id);

        var (exitCode, took) = await worker.StopAsync(shutdownTimeout * 2);

        Assert.Equal(0, exitCode);
        Assert.True(took < shutdownTimeout, "it took " + took);
        Assert.Equal("Succeeded", State(job));
        Assert.Equal(1, await StoredCountAsync());
    }

    [Fact]
    public async Task Sigterm_JobLongerThanTheTimeout_CancelsItBackToTheQueueExitsZeroAndASecondWorkerCompletesIt()
    {
        var shutdownTimeout = TimeSpan.FromSeconds(6);
        var id = _world.ListedIds("calm")[0];
        // Far longer than the shutdown: only the job's cancellation token can end it in time.
        _reddit.Faults.Next(Fault.Slow(TimeSpan.FromMinutes(5)), route: RouteKind.Submission);
        await using var first = StartWorker(shutdownTimeout);
        var job = await EnqueueAndWaitUntilProcessingAsync(first, id);

        var (exitCode, took) = await first.StopAsync(shutdownTimeout * 2);

        Assert.Equal(0, exitCode);
        Assert.True(took < shutdownTimeout, "it took " + took);
        Assert.Equal(1, _hangfire.GetMonitoringApi().EnqueuedCount(ScrapeJob.Queue));
        Assert.Equal(0, await StoredCountAsync());

        await using var second = StartWorker(shutdownTimeout);
        await Poll.UntilAsync(() => State(job) == "Succeeded", TimeSpan.FromMinutes(1), () => "The job is " + State(job) + ":\n" + second.Tail());

        Assert.Equal(1, await StoredCountAsync());
        Assert.Equal(0, _hangfire.GetMonitoringApi().FailedCount());
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        if (_reddit is not null)
        {
            await _reddit.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        _folder.Dispose();
    }

    private AppProcess StartWorker(TimeSpan shutdownTimeout) => AppProcess.Start(new Dictionary<string, string>
    {
        ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        ["Reddit__BaseUrl"] = _reddit.BaseUrl.ToString(),
        ["Reddit__UserAgent"] = FetcherHost.UserAgent,
        ["Reddit__RequestsPerMinute"] = "6000",
        ["Scraper__Role"] = "worker",
        ["Scraper__ShutdownTimeout"] = shutdownTimeout.ToString("c", CultureInfo.InvariantCulture),
        ["ConnectionStrings__Redis"] = _redis.ConnectionString,
        ["ConnectionStrings__Submissions"] = _folder.Submissions,
    });

    private async Task<string> EnqueueAndWaitUntilProcessingAsync(AppProcess worker, string id)
    {
        await worker.WaitForLineAsync(line => line.Contains("all the dispatchers started", StringComparison.Ordinal), TimeSpan.FromMinutes(1), "started job server");
        var job = new BackgroundJobClient(_hangfire).Enqueue<ScrapeJob>(j => j.ScrapeAsync("calm", id, null, CancellationToken.None));
        await Poll.UntilAsync(
            () => State(job) == "Processing", TimeSpan.FromMinutes(1), () => "The job is " + State(job) + ":\n" + worker.Tail(), TimeSpan.FromMilliseconds(20));

        return job;
    }

    private string? State(string job) => _hangfire.GetMonitoringApi().JobDetails(job)?.History.FirstOrDefault()?.StateName;

    private async Task<long> StoredCountAsync()
    {
        using var store = new SqliteStore(_folder.Submissions);
        return File.Exists(Database) ? await store.Submissions.CountAsync(null, CancellationToken.None) : 0;
    }
}
