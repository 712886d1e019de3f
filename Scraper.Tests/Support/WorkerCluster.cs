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
    private readonly List<string> _output = [];
    private readonly Dictionary<string, string> _environment;
    private readonly ConnectionMultiplexer _connection;
    private readonly PostgresStore _database;

    private WorkerCluster(RedisServer redis, PostgresServer postgres, SimulatedReddit reddit, PostgresStore database,
        ConnectionMultiplexer connection, Dictionary<string, string> environment)
    {
        Redis = redis;
        Postgres = postgres;
        Reddit = reddit;
        _database = database;
        _connection = connection;
        _environment = environment;
        Hangfire = new RedisStorage(connection, new RedisStorageOptions { Prefix = HangfireRegistration.HangfirePrefix });
    }

    public RedisServer Redis { get; }

    public PostgresServer Postgres { get; }

    public SimulatedReddit Reddit { get; }

    /// <summary>The store the workers write, read by the test.</summary>
    public ISubmissionStore Store => _database.Submissions;

    /// <summary>The workers' Hangfire storage, seen from the test.</summary>
    public JobStorage Hangfire { get; }

    public IReadOnlyList<Process> Workers => _workers;

    /// <summary>Every line the workers wrote so far, both streams, all workers.</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_output)
            {
                return [.. _output];
            }
        }
    }

    // settings: environment variables of every worker, on top of the cluster's.
    public static async Task<WorkerCluster> StartAsync(
        SimulatedWorld world, int requestsPerMinute, int workers, IReadOnlyDictionary<string, string>? settings = null)
    {
        // What has started is stopped again when a later step fails: the servers' temp folders go with them.
        var started = new Stack<IAsyncDisposable>();
        try
        {
            return await StartAsync(world, requestsPerMinute, workers, settings ?? new Dictionary<string, string>(), started);
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

    private static async Task<WorkerCluster> StartAsync(
        SimulatedWorld world, int requestsPerMinute, int workers, IReadOnlyDictionary<string, string> settings, Stack<IAsyncDisposable> started)
    {
        var redis = await RedisServer.StartAsync();
        started.Push(redis);
        var postgres = await PostgresServer.StartAsync();
        started.Push(postgres);
        var database = await postgres.CreateDatabaseAsync();
        var reddit = await SimulatedReddit.StartAsync(world);
        started.Push(reddit);
        var store = new PostgresStore(database);
        started.Push(store);
        // The workers create the schema as they start; so may the test, at the same time, harmlessly.
        await store.Submissions.InitializeAsync(CancellationToken.None);
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
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

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
        // Read as it comes, so a talkative worker never blocks on a full pipe, and kept for the test to read.
        worker.OutputDataReceived += (_, e) => Keep(e.Data);
        worker.ErrorDataReceived += (_, e) => Keep(e.Data);
        worker.BeginOutputReadLine();
        worker.BeginErrorReadLine();
        _workers.Add(worker);
        return worker;
    }

    /// <summary>Changes a setting for the workers started from now on.</summary>
    public void Set(string key, string value) => _environment[key] = value;

    /// <summary>Stops every running worker as an orchestrator does (SIGTERM), and waits for each to exit.</summary>
    public async Task StopWorkersAsync()
    {
        foreach (var worker in _workers.Where(w => !w.HasExited))
        {
            using var kill = Process.Start("kill", ["-TERM", worker.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        foreach (var worker in _workers)
        {
            await worker.WaitForExitAsync();
        }
    }

    /// <summary>Every key in Redis with its value (strings, lists, sets, hashes, sorted sets), one line each.</summary>
    public async Task<IReadOnlyList<string>> DumpRedisAsync()
    {
        var database = _connection.GetDatabase();
        var lines = new List<string>();
        foreach (var key in _connection.GetServers().Single().Keys(pattern: "*"))
        {
            var values = await database.KeyTypeAsync(key) switch
            {
                RedisType.String => [(await database.StringGetAsync(key)).ToString()],
                RedisType.List => (await database.ListRangeAsync(key)).Select(v => v.ToString()),
                RedisType.Set => (await database.SetMembersAsync(key)).Select(v => v.ToString()),
                RedisType.Hash => (await database.HashGetAllAsync(key)).Select(e => e.Name + "=" + e.Value),
                RedisType.SortedSet => (await database.SortedSetRangeByRankAsync(key)).Select(v => v.ToString()),
                _ => Enumerable.Empty<string>(),
            };
            lines.Add(key.ToString() + " " + string.Join(" ", values));
        }

        return lines;
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Add(line);
            }
        }
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
        var stored = 0L;
        await Poll.UntilAsync(
            async () => (stored = await Store.CountAsync(null, CancellationToken.None)) >= count,
            deadline,
            () => "Stored " + stored + " of " + count + " within " + deadline);
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
        await _database.DisposeAsync();
        await Reddit.DisposeAsync();
        await Postgres.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
