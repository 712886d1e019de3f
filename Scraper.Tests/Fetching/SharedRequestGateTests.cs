using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Scraper.Jobs.Fetching;
using Scraper.Simulator;
using Scraper.Tests.Support;
using StackExchange.Redis;

namespace Scraper.Tests.Fetching;

/// <summary>The rate limit and the 429 cool-down shared by every process on one real Redis.</summary>
public class SharedRequestGateTests
{
    [Fact]
    public async Task CoolDown_SeenByOneProcess_HoldsBackAnotherProcessesNextRequest()
    {
        await using var processes = await TwoProcesses.StartAsync(requestsPerMinute: 6000);
        var (first, second) = (processes.First, processes.Second);

        await first.CoolDownAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        await (await second.WaitTurnAsync(CancellationToken.None)).EndAsync();

        Assert.True(waited.Elapsed >= TimeSpan.FromMilliseconds(900), "waited only " + waited.Elapsed);
    }

    [Fact]
    public async Task WaitTurn_TwoGatesOnOneRedis_ShareOneRate()
    {
        await using var processes = await TwoProcesses.StartAsync(requestsPerMinute: 1200);
        var gates = new[] { processes.First, processes.Second };

        var waited = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 21).Select(async i => await (await gates[i % 2].WaitTurnAsync(CancellationToken.None)).EndAsync()));

        // 21 turns at 1200/min (one per 50 ms) cannot all be granted in under a second, whichever gate asks.
        Assert.True(waited.Elapsed >= TimeSpan.FromMilliseconds(950), "21 turns in " + waited.Elapsed);
    }

    [Fact]
    public async Task WaitTurn_RedisDown_FallsBackToTheProcessGate()
    {
        await using var redis = await RedisServer.StartAsync();
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",connectTimeout=500,syncTimeout=500,asyncTimeout=500");
        var gate = Gate(connection, requestsPerMinute: 6000);
        await redis.StopAsync();

        // Throws nothing: the request goes out at the process's own rate.
        await (await gate.WaitTurnAsync(CancellationToken.None)).EndAsync();
    }

    [Fact]
    public async Task WaitTurn_RequestOnTheWireUnanswered_HoldsBackTheNextTurnInAnotherProcess()
    {
        await using var processes = await TwoProcesses.StartAsync(requestsPerMinute: 60_000);
        var (first, second) = (processes.First, processes.Second);

        var held = await first.WaitTurnAsync(CancellationToken.None);
        await held.SentAsync();
        var asked = await processes.ScriptRunsAsync();
        var next = second.WaitTurnAsync(CancellationToken.None).AsTask();
        // The spacing (1 ms) has long passed; only the unanswered request holds the next one back: the second gate
        // asks Redis again and again (every 2 ms) and is told to wait each time.
        await Poll.UntilAsync(
            async () => next.IsCompleted || await processes.ScriptRunsAsync() >= asked + 20,
            TimeSpan.FromSeconds(10),
            () => "the second gate did not ask again",
            TimeSpan.FromMilliseconds(10));
        var stillWaiting = !next.IsCompleted;
        await held.EndAsync();
        await (await next.WaitAsync(TimeSpan.FromSeconds(5))).EndAsync();

        Assert.True(stillWaiting, "the second turn went while the first request was on the wire");
    }

    [Fact]
    public async Task WaitTurn_RequestWrittenLate_SpacesTheNextTurnFromTheWriteNotFromItsTurn()
    {
        await using var processes = await TwoProcesses.StartAsync(requestsPerMinute: 120);
        var (first, second) = (processes.First, processes.Second);

        // The first turn is let through, but its request reaches the wire 400 ms later (a busy machine).
        var late = await first.WaitTurnAsync(CancellationToken.None);
        var turn = await processes.RedisNowAsync();
        await Poll.UntilAsync(
            async () => await processes.RedisNowAsync() >= turn + TimeSpan.FromMilliseconds(400),
            TimeSpan.FromSeconds(10),
            () => "Redis's clock did not move on 400 ms",
            TimeSpan.FromMilliseconds(20));
        var written = System.Diagnostics.Stopwatch.StartNew();
        await late.SentAsync();
        await late.EndAsync();
        await (await second.WaitTurnAsync(CancellationToken.None)).EndAsync();

        // 500 ms (120/min) from the write, not 100 ms (500 less the 400 already gone since the turn).
        Assert.True(written.Elapsed >= TimeSpan.FromMilliseconds(450), "the next turn came " + written.Elapsed + " after the write");
    }

    [Fact]
    public async Task Fetch_ThreeProcessesOnOneRedis_HoldTheRateInTotalAndAll429PausesAll()
    {
        const int RequestsPerMinute = 120;
        await using var redis = await RedisServer.StartAsync();
        var world = new SimulatedWorld(seed: 3) { ShowAds = false };
        world.AddSubreddit("rstats", 300);
        await using var reddit = await SimulatedReddit.StartAsync(world);
        var environment = new Dictionary<string, string>
        {
            ["Reddit__BaseUrl"] = reddit.BaseUrl.ToString(),
            ["Reddit__UserAgent"] = FetcherHost.UserAgent,
            ["Reddit__RequestsPerMinute"] = RequestsPerMinute.ToString(CultureInfo.InvariantCulture),
            ["Reddit__RetryBaseDelay"] = "00:00:00.100",
            ["ConnectionStrings__Redis"] = redis.ConnectionString,
        };

        var processes = Enumerable.Range(0, 3)
            .Select(_ => ScraperProcess.Start(environment, "fetch", "rstats", "--pages", "1", "--submissions", "14"))
            .ToList();
        // Mid-run, one of them gets a 429 with Retry-After: 3.
        var injected = Task.Run(async () =>
        {
            await Poll.UntilAsync(
                () => reddit.Requests.Total >= 20, TimeSpan.FromMinutes(1), () => "only " + reddit.Requests.Total + " requests", TimeSpan.FromMilliseconds(20));
            reddit.Faults.Next(Fault.TooManyRequests(TimeSpan.FromSeconds(3)));
        });
        var results = await Task.WhenAll(processes.Select(p => ScraperProcess.WaitAsync(p, TimeSpan.FromMinutes(2))));
        await injected;

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Error));
        var log = reddit.Requests.Requests;
        Assert.Equal(3 * 15 + 1, log.Count);
        Assert.Equal(1, log.Count(r => r.Status == 429));
        // Nobody, in any of the three processes, came back before the Retry-After.
        Assert.Equal(0, reddit.Requests.RetryAfterViolations);
        // The gate hands out send slots exactly 500 ms apart across the three processes. What arrives can be a
        // little bunched (a busy process sends its slot late, close to the next one), so: in any 10 s window at
        // most the 120/min share and two more, and the whole run at least as long as its slots, less two.
        var times = log.Select(r => r.ReceivedAt).Order().ToList();
        var window = TimeSpan.FromSeconds(10);
        var most = times.Max(start => times.Count(t => t >= start && t < start + window));
        Assert.InRange(most, 1, (RequestsPerMinute * 10 / 60) + 2);
        var slot = TimeSpan.FromMinutes(1) / RequestsPerMinute;
        Assert.True(times[^1] - times[0] >= slot * (times.Count - 3), "the run took only " + (times[^1] - times[0]));
    }

    /// <summary>Two processes' gates on one real Redis.</summary>
    private sealed class TwoProcesses(RedisServer redis, ConnectionMultiplexer connection, int requestsPerMinute) : IAsyncDisposable
    {
        public RedisRequestGate First { get; } = Gate(connection, requestsPerMinute);

        public RedisRequestGate Second { get; } = Gate(connection, requestsPerMinute);

        private IServer Server => connection.GetServer(connection.GetEndPoints()[0]);

        public static async Task<TwoProcesses> StartAsync(int requestsPerMinute)
        {
            var redis = await RedisServer.StartAsync();
            try
            {
                // Admin: the test reads the server's command counts (INFO).
                return new TwoProcesses(redis, await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true"), requestsPerMinute);
            }
            catch
            {
                await redis.DisposeAsync();
                throw;
            }
        }

        /// <summary>How many scripts the gates have run on Redis so far: every ask for a turn is one.</summary>
        public async Task<long> ScriptRunsAsync()
        {
            var stats = await Server.InfoAsync("commandstats");
            return stats.SelectMany(section => section)
                .Where(stat => stat.Key is "cmdstat_eval" or "cmdstat_evalsha")
                .Sum(stat => long.Parse(stat.Value.Split(',')[0]["calls=".Length..], CultureInfo.InvariantCulture));
        }

        /// <summary>Redis's clock, the one the gates count on.</summary>
        public Task<DateTime> RedisNowAsync() => Server.TimeAsync();

        public async ValueTask DisposeAsync()
        {
            await connection.DisposeAsync();
            await redis.DisposeAsync();
        }
    }

    private static RedisRequestGate Gate(IConnectionMultiplexer connection, int requestsPerMinute)
    {
        var options = Options.Create(new RedditOptions { UserAgent = FetcherHost.UserAgent, RequestsPerMinute = requestsPerMinute });
        return new RedisRequestGate(
            connection, options, new LocalRequestGate(options, TimeProvider.System), TimeProvider.System, NullLogger<RedisRequestGate>.Instance);
    }
}
