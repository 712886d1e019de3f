using System.Diagnostics;
using System.Globalization;
using Hangfire;
using Hangfire.Redis.StackExchange;
using Scraper.Jobs.Discovery;
using Scraper.Jobs.Storage;
using Scraper.Simulator;
using Scraper.Web.Hosting;
using StackExchange.Redis;

namespace Scraper.Tests.Support;

/// <summary>A deployment in miniature: a real Redis, a real PostgreSQL, a simulated old.reddit, and worker
/// processes of the real executable (role worker) configured through the environment, as compose runs them.</summary>
internal sealed class WorkerCluster : IAsyncDisposable
{
    private readonly List<Process> _workers = [];
    private readonly Dictionary<string, string> _environment;
    private readonly ConnectionMultiplexer _connection;

    private WorkerCluster(RedisServer redis, PostgresServer postgres, SimulatedReddit reddit, PostgresSubmissionStore store,
        ConnectionMultiplexer connection, Dictionary<string, string> environment)
    {
        Redis = redis;
        Postgres = postgres;
        Reddit = reddit;
        Store = store;
        _connection = connection;
        _environment = environment;
        Hangfire = new RedisStorage(connection, new RedisStorageOptions { Prefix = PipelineRegistration.HangfirePrefix });
    }

    public RedisServer Redis { get; }

    public PostgresServer Postgres { get; }

    public SimulatedReddit Reddit { get; }

    /// <summary>The store the workers write, read by the test.</summary>
    public PostgresSubmissionStore Store { get; }

    /// <summary>The workers' Hangfire storage, seen from the test.</summary>
    public JobStorage Hangfire { get; }

    public IReadOnlyList<Process> Workers => _workers;

    public static async Task<WorkerCluster> StartAsync(SimulatedWorld world, int requestsPerMinute, int workers)
    {
        // What has started is stopped again when a later step fails: the servers' temp folders go with them.
        var started = new Stack<IAsyncDisposable>();
        try
        {
            return await StartAsync(world, requestsPerMinute, workers, started);
        }
        catch
        {
            while (started.TryPop(out var resource))
            {
                await resource.DisposeAsync();
            }

            throw;
        }
    }

    private static async Task<WorkerCluster> StartAsync(SimulatedWorld world, int requestsPerMinute, int workers, Stack<IAsyncDisposable> started)
    {
        var redis = await RedisServer.StartAsync();
        started.Push(redis);
        var postgres = await PostgresServer.StartAsync();
        started.Push(postgres);
        var database = await postgres.CreateDatabaseAsync();
        var reddit = await SimulatedReddit.StartAsync(world);
        started.Push(reddit);
        var store = new PostgresSubmissionStore(database);
        started.Push(store);
        // The workers create the schema as they start; so may the test, at the same time, harmlessly.
        await store.InitializeAsync(CancellationToken.None);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Reddit__BaseUrl"] = reddit.BaseUrl.ToString(),
            ["Reddit__UserAgent"] = FetcherHost.UserAgent,
            ["Reddit__RequestsPerMinute"] = requestsPerMinute.ToString(CultureInfo.InvariantCulture),
            ["Reddit__RetryBaseDelay"] = "00:00:00.100",
            ["Scraper__Role"] = "worker",
            ["Scraper__Workers"] = "4",
            ["Scraper__Backfill"] = "7.00:00:00",
            // Short here, so a killed worker's jobs come back within a test.
            ["Scraper__InvisibilityTimeout"] = "00:00:10",
            ["ConnectionStrings__Redis"] = redis.ConnectionString,
            ["ConnectionStrings__Submissions"] = database,
        };
        var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        started.Push(connection);
        var cluster = new WorkerCluster(redis, postgres, reddit, store, connection, environment);
        // From here the cluster stops it all, the workers too.
        started.Clear();
        started.Push(cluster);
        for (var i = 0; i < workers; i++)
        {
            cluster.StartWorker();
        }

        return cluster;
    }

    public Process StartWorker()
    {
        var worker = ScraperProcess.Start(_environment);
        _workers.Add(worker);
        return worker;
    }

    /// <summary>Runs discovery of the subreddits, as the web role's schedule would.</summary>
    public void Discover(params string[] subreddits)
    {
        var client = new BackgroundJobClient(Hangfire);
        foreach (var subreddit in subreddits)
        {
            client.Enqueue<DiscoveryJob>(j => j.DiscoverAsync(subreddit, null, CancellationToken.None));
        }
    }

    public async Task WaitForStoredAsync(long count, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (await Store.CountAsync(null, CancellationToken.None) < count)
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException(
                    "Stored " + await Store.CountAsync(null, CancellationToken.None) + " of " + count + " within " + deadline);
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            if (!worker.HasExited)
            {
                worker.Kill(entireProcessTree: true);
                await worker.WaitForExitAsync();
            }

            worker.Dispose();
        }

        await _connection.DisposeAsync();
        await Store.DisposeAsync();
        await Reddit.DisposeAsync();
        await Postgres.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
