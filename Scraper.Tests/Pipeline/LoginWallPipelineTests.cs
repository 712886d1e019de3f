using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Scraper.Simulator;
using Scraper.Tests.Support;

namespace Scraper.Tests.Pipeline;

/// <summary>The login wall met by the whole pipeline, real processes against the simulated old.reddit: an app
/// without a session, and a session that expires under three workers sharing Redis and PostgreSQL. Nothing is
/// lost, nothing fails, reddit is asked only what the probe asks, and the session is found nowhere.</summary>
[Collection("Pipeline")]
public sealed partial class LoginWallPipelineTests
{
    private const string FirstSession = "RecognizableSecret-1st-6e1b9c";
    private const string SecondSession = "RecognizableSecret-2nd-0d44aa";
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task App_NoSessionAndTheWallUp_LogsOneErrorNamingTheSettingIsNotReadyAndOnlyProbes()
    {
        var world = new SimulatedWorld(seed: 61) { ShowAds = false };
        world.AddSubreddit("walled", 30, TimeSpan.FromDays(1));
        await using var reddit = await SimulatedReddit.StartAsync(world);
        reddit.Session.Require(FirstSession);
        using var temp = TempFolder.Create("wall-app");
        await using var app = AppProcess.Start(new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Logging__Json"] = "true",
            ["Reddit__BaseUrl"] = reddit.BaseUrl.ToString(),
            ["Reddit__UserAgent"] = FetcherHost.UserAgent,
            ["Reddit__AccessProbeInterval"] = "00:00:02",
            ["Scraper__Subreddits"] = "walled",
            ["Scraper__Schedule"] = "*/2 * * * * *",
            ["ConnectionStrings__Submissions"] = temp.Submissions,
        });
        var url = Assert.Single(await app.ListeningAsync());
        using var http = new HttpClient();

        // Discovery runs every 2 s and the probe starts at 2 s, doubling: over 20 s, with no pause, reddit would
        // see ten listing reads; paused, it sees the one that met the wall and a few probes.
        await Poll.UntilAsync(() => Task.FromResult(reddit.Requests.Requests.Count >= 1), Deadline, () => "No request reached reddit:\n" + app.Tail());
        var start = DateTimeOffset.UtcNow;
        await Poll.UntilAsync(() => Task.FromResult(DateTimeOffset.UtcNow - start > TimeSpan.FromSeconds(20)), Deadline, () => "");
        using var ready = await http.GetAsync(new Uri(url, "/health/ready"));
        var health = await ready.Content.ReadAsStringAsync();
        var (exitCode, _) = await app.StopAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, exitCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var check = JsonDocument.Parse(health).RootElement.GetProperty("checks").GetProperty("reddit");
        Assert.Equal("Unhealthy", check.GetProperty("status").GetString());
        Assert.Contains("login_wall", check.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("Reddit:SessionCookie", check.GetProperty("description").GetString(), StringComparison.Ordinal);
        var problems = app.JsonEvents().Where(e => e.TryGetProperty("@l", out var l) && l.GetString() is "Warning" or "Error" or "Fatal").ToList();
        var error = Assert.Single(problems);
        Assert.Contains("Reddit:SessionCookie", error.ToString(), StringComparison.Ordinal);
        Assert.False(error.TryGetProperty("@x", out _));
        var requests = reddit.Requests.Requests;
        Assert.All(requests, r => Assert.Equal(302, r.Status));
        Assert.Equal(RouteKind.Listing, requests[0].Route);
        Assert.All(requests.Skip(1), r => Assert.Contains("limit=1", r.Path, StringComparison.Ordinal));
        // 2 + 4 + 8 s: at most three probes in 20 s.
        Assert.InRange(requests.Count, 2, 4);
        Assert.Empty(await StoredIdsAsync(temp.Submissions));
    }

    [Fact]
    public async Task Workers_SessionExpiresMidRun_StopEverywhereFailNothingAndAfterANewSessionStoreEachOnce()
    {
        string[] subreddits = ["east", "north", "south"];
        var world = new SimulatedWorld(seed: 62) { ShowAds = false };
        foreach (var subreddit in subreddits)
        {
            world.AddSubreddit(subreddit, 60, TimeSpan.FromDays(2));
        }

        await using var cluster = await WorkerCluster.StartAsync(world, requestsPerMinute: 600, workers: 3, new Dictionary<string, string>
        {
            ["Logging__Json"] = "true",
            ["Reddit__SessionCookie"] = FirstSession,
            ["Reddit__AccessProbeInterval"] = "00:00:02",
        });
        cluster.Reddit.Session.Require(FirstSession, "scraper_ci_account");
        cluster.Discover(subreddits);
        await cluster.WaitForStoredAsync(40, Deadline);

        cluster.Reddit.Session.Expire();
        var expired = DateTimeOffset.UtcNow;
        const string PauseKey = "scraper:reddit:access-lost session_expired|";
        await Poll.UntilAsync(
            async () => (await cluster.DumpRedisAsync()).Any(line => line.StartsWith(PauseKey, StringComparison.Ordinal)),
            Deadline, () => "No pause recorded:\n" + string.Join('\n', cluster.Output.TakeLast(30)));
        var pause = (await cluster.DumpRedisAsync()).Single(line => line.StartsWith(PauseKey, StringComparison.Ordinal));
        var pausedAt = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(pause[PauseKey.Length..].Split('|')[0], CultureInfo.InvariantCulture));
        var storedAtPause = await cluster.Store.CountAsync(null, CancellationToken.None);
        var healthDuringPause = await ReadyAsync(cluster);
        var metrics = await GetAsync(cluster, "/metrics");
        // Several probe intervals: the paused jobs wake, find the pause, and sleep again without asking reddit.
        await Poll.UntilAsync(() => Task.FromResult(DateTimeOffset.UtcNow - expired > TimeSpan.FromSeconds(10)), Deadline, () => "");

        var walled = cluster.Reddit.Requests.Requests.Where(r => r.Status == 302 && !r.Path.Contains("limit=1", StringComparison.Ordinal)).ToList();
        // Only requests already past the last check when the pause was recorded meet the wall: at most one per
        // worker thread (3 processes × 4), all arriving right around the moment the pause began.
        Assert.InRange(walled.Count, 1, 3 * 4);
        Assert.All(walled, r => Assert.True(r.ReceivedAt < pausedAt + TimeSpan.FromSeconds(1), r + " arrived long after the pause at " + pausedAt));
        Assert.Equal(storedAtPause, await cluster.Store.CountAsync(null, CancellationToken.None));
        Assert.Equal(0, cluster.Hangfire.GetMonitoringApi().FailedCount());
        Assert.True(cluster.Hangfire.GetMonitoringApi().ScheduledCount() > 0, "the paused jobs wait as scheduled jobs");
        Assert.Contains("session_expired", healthDuringPause, StringComparison.Ordinal);
        Assert.Contains("reddit_session_state", metrics, StringComparison.Ordinal);

        // The operator copies a new cookie and restarts the workers.
        await cluster.StopWorkersAsync();
        cluster.Reddit.Session.Renew(SecondSession);
        cluster.Set("Reddit__SessionCookie", SecondSession);
        for (var i = 0; i < 3; i++)
        {
            cluster.StartWorker();
        }

        await cluster.WaitForStoredAsync(180, Deadline);
        var stored = await cluster.Store.ExportAsync(null, null, CancellationToken.None).ToListAsync();
        Assert.Equal(
            subreddits.SelectMany(world.AllIds).Order(StringComparer.Ordinal),
            stored.Select(s => s.Page.Submission.Id).Order(StringComparer.Ordinal));
        Assert.All(stored, s => Assert.Equal(1, s.ScrapeCount));
        Assert.Equal(0, cluster.Hangfire.GetMonitoringApi().FailedCount());
        var errors = cluster.Output.Where(line => line.Contains("\"@l\":\"Error\"", StringComparison.Ordinal)).ToList();
        Assert.Single(errors, line => line.Contains("session_expired", StringComparison.Ordinal));

        // The secret, anywhere the test can look: every worker's log, Hangfire's storage (arguments, states,
        // history), health and metrics answers, the simulator's own request log.
        var everything = cluster.Output
            .Concat(await cluster.DumpRedisAsync())
            .Concat([healthDuringPause, metrics])
            .Concat(cluster.Reddit.Requests.Requests.Select(r => r.ToString()));
        Assert.All(everything, text =>
        {
            Assert.DoesNotContain(FirstSession, text, StringComparison.Ordinal);
            Assert.DoesNotContain(SecondSession, text, StringComparison.Ordinal);
        });
    }

    private static async Task<string> ReadyAsync(WorkerCluster cluster) => await GetAsync(cluster, "/health/ready");

    private static async Task<string> GetAsync(WorkerCluster cluster, string path)
    {
        var url = cluster.Output.Select(line => ListeningAddress().Match(line)).First(m => m.Success).Value;
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(new Uri(url), path));
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<IReadOnlyList<string>> StoredIdsAsync(string connectionString)
    {
        using var store = new Scraper.Jobs.Storage.SqliteStore(connectionString);
        await store.Submissions.InitializeAsync(CancellationToken.None);
        return [.. (await store.Submissions.ExportAsync(null, null, CancellationToken.None).ToListAsync()).Select(s => s.Page.Submission.Id)];
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex ListeningAddress();
}
