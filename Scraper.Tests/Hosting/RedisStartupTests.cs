using System.Net;
using System.Text.Json;
using Scraper.Jobs.Storage;
using Scraper.Simulator;
using Scraper.Tests.Support;

namespace Scraper.Tests.Hosting;

/// <summary>The app started before its Redis: a real redis-server started late, on the port the app was given.</summary>
[Collection("Pipeline")]
public class RedisStartupTests
{
    private const string Password = "late-redis-secret";

    [Fact]
    public async Task Start_BeforeRedis_WarnsOnceIsNotReadyThenRunsTheScheduleOnceRedisIsUp()
    {
        var world = new SimulatedWorld(seed: 51) { ShowAds = false };
        world.AddSubreddit("late", 20, TimeSpan.FromDays(1));
        await using var reddit = await SimulatedReddit.StartAsync(world);
        await using var redis = RedisServer.Reserve(Password);
        using var folder = TempFolder.Create("late");
        var database = folder.PathOf("submissions.db");
        await using var app = AppProcess.Start(new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Logging__Json"] = "true",
            ["Reddit__BaseUrl"] = reddit.BaseUrl.ToString(),
            ["Reddit__UserAgent"] = FetcherHost.UserAgent,
            ["Reddit__RequestsPerMinute"] = "6000",
            ["Scraper__Subreddits"] = "late",
            ["Scraper__Schedule"] = "*/2 * * * * *",
            ["Scraper__Backfill"] = "7.00:00:00",
            ["ConnectionStrings__Redis"] = redis.ConnectionString,
            ["ConnectionStrings__Submissions"] = folder.Submissions,
        });
        var ready = new Uri(Assert.Single(await app.ListeningAsync()), "/health/ready");
        using var http = new HttpClient();
        var address = "127.0.0.1:" + redis.Port;

        // Redis stays down for a few seconds, probed as an orchestrator would: not ready each time, and the
        // one warning is all the log has to say about it (no reconnection storm, no stack traces).
        var down = TimeProvider.System.GetTimestamp();
        var probes = 0;
        await Poll.UntilAsync(
            async () =>
            {
                using var probe = await http.GetAsync(ready);
                var body = await probe.Content.ReadAsStringAsync();
                Assert.Equal(HttpStatusCode.ServiceUnavailable, probe.StatusCode);
                Assert.Equal("Unhealthy", JsonDocument.Parse(body).RootElement.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
                Assert.DoesNotContain(Password, body, StringComparison.Ordinal);
                probes++;
                // Down long enough for a reconnection storm to show, and the app has said so.
                return TimeProvider.System.GetElapsedTime(down) >= TimeSpan.FromSeconds(4)
                    && app.JsonEvents().Any(e => Level(e) == "Warning");
            },
            TimeSpan.FromSeconds(30),
            () => "the probes (" + probes + ") took too long:\n" + app.Tail(),
            TimeSpan.FromMilliseconds(250));

        var whileDown = app.JsonEvents();
        var warning = Assert.Single(whileDown, e => Level(e) is not ("Information" or "Debug" or "Verbose"));
        Assert.Equal("Warning", Level(warning));
        Assert.Contains(address, warning.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(whileDown, e => e.TryGetProperty("@x", out _));

        await redis.RestartAsync();

        // The schedule is registered and runs; its scrape jobs fill the store. No restart.
        using var store = new SqliteStore(folder.Submissions);
        var stored = 0L;
        await Poll.UntilAsync(
            async () =>
            {
                Assert.False(app.HasExited, app.Tail());
                return File.Exists(database) && (stored = await store.Submissions.CountAsync("late", CancellationToken.None)) >= 20;
            },
            TimeSpan.FromMinutes(2),
            () => "The store holds " + stored + " of 20:\n" + app.Tail());

        using (var probe = await http.GetAsync(ready))
        {
            Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        }

        var (exitCode, _) = await app.StopAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, exitCode);
        var events = app.JsonEvents();
        Assert.Single(events, e => Level(e) == "Warning" && e.ToString().Contains(address, StringComparison.Ordinal));
        Assert.DoesNotContain(events, e => e.ToString().Contains(Password, StringComparison.Ordinal));
        Assert.Contains(events, e => e.TryGetProperty("SourceContext", out var s) && s.GetString() == "Scraper.Jobs.Discovery.DiscoveryJob");
        Assert.Empty(app.Output.GroupBy(line => line).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Empty(app.Error);
    }

    // Compact JSON leaves the level out for Information.
    private static string Level(JsonElement e) => e.TryGetProperty("@l", out var level) ? level.GetString()! : "Information";
}
