using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using Scraper.Jobs.Discovery;
using Scraper.Web.Metrics;
using Scraper.Web.Metrics.Influx;
using Scraper.Simulator;
using Scraper.Tests.Support;

namespace Scraper.Tests.Pipeline;

/// <summary>A pipeline run against the simulator, reported to a real influxd: what Grafana will read.</summary>
[Collection("Pipeline")]
public sealed class MetricsPipelineTests : IAsyncLifetime
{
    private const string Database = "scraper";
    private static readonly string[] Subreddits = ["alpha", "bravo"];

    private InfluxServer _influx = null!;

    public async Task InitializeAsync() => _influx = await InfluxServer.StartAsync();

    public async Task DisposeAsync() => await _influx.DisposeAsync();

    [Fact]
    public async Task PipelineRun_EveryInstrumentReachesInfluxWithItsTagsAndScrapedSumsToStored()
    {
        await using var reddit = await SimulatedReddit.StartAsync(World());
        await using var pipeline = await StartPipelineAsync(reddit);
        reddit.Faults.Next(Fault.ServerError(503), 3, RouteKind.Submission);
        reddit.Faults.Next(Fault.TooManyRequests(TimeSpan.FromMilliseconds(200)), 2, RouteKind.Submission);

        await pipeline.DiscoverAndDrainAsync(Subreddits);
        await pipeline.ScrapeAndDrainAsync("alpha", "nosuch1"); // a 404: a recorded failure
        await pipeline.DiscoverAndDrainAsync(Subreddits);     // the overlap finds known ones again
        await ReportAsync(pipeline);

        Dictionary<string, string[]> expected = new()
        {
            ["submission_fetch_time"] = ["subreddit"],
            ["listing_fetch_time"] = ["subreddit"],
            ["parse_time"] = ["subreddit", "page"],
            ["submissions_scraped"] = ["subreddit"],
            ["submissions_discovered"] = ["subreddit"],
            ["duplicates_skipped"] = ["subreddit"],
            ["listing_pages_fetched"] = ["subreddit"],
            ["http_responses"] = ["status", "page"],
            ["http_retries"] = ["reason"],
            ["rate_limit_wait_seconds"] = [],
            ["scrape_failures"] = ["subreddit", "reason"],
            ["submission_title_length"] = ["subreddit"],
            ["submission_selftext_length"] = ["subreddit"],
            ["submission_score"] = ["subreddit"],
            ["submission_comments"] = ["subreddit"],
            ["submission_upvote_ratio"] = ["subreddit"],
            ["submission_age_at_discovery"] = ["subreddit"],
            ["subreddit_freshness_lag"] = ["subreddit"],
            ["hangfire_enqueued"] = ["queue"],
            ["hangfire_succeeded"] = [],
            ["hangfire_failed"] = [],
            ["hangfire_scheduled"] = [],
            ["hangfire_processing"] = [],
            ["hangfire_deleted"] = [],
            ["hangfire_retries"] = [],
            ["hangfire_servers"] = [],
            ["hangfire_workers"] = [],
            ["hangfire_busy_workers"] = [],
            ["hangfire_recurring_jobs"] = [],
            ["hangfire_job_execution_time"] = ["job", "outcome"],
            ["hangfire_job_wait_time"] = ["job"],
            ["metrics_points_dropped"] = [],
            ["discovery_run"] = ["subreddit"],
            ["dotnet_gc_collections"] = [],
            ["http_client_request_duration"] = [],
        };
        foreach (var (measurement, tags) in expected)
        {
            var keys = (await _influx.QueryAsync(Database, "SHOW TAG KEYS FROM \"" + measurement + "\""))
                .SelectMany(s => s.Column("tagKey")).Select(k => k.GetString()).ToHashSet();
            string[] global = measurement == "discovery_run" ? ["app"] : ["app", "host", "role"];
            Assert.True(keys.IsSupersetOf([.. global, .. tags]), measurement + " has tags " + string.Join(", ", keys));
        }

        var stored = await pipeline.Store.CountAsync(null, CancellationToken.None);
        Assert.Equal(stored, await SumAsync("SELECT sum(\"increment\") FROM \"submissions_scraped\""));
        Assert.Equal(stored, await SumAsync("SELECT sum(\"interval_count\") FROM \"submission_title_length\""));
        Assert.Equal(1, await SumAsync("SELECT sum(\"increment\") FROM \"scrape_failures\" WHERE \"reason\" = 'not_found'"));
        Assert.Equal(3, await SumAsync("SELECT sum(\"increment\") FROM \"http_retries\" WHERE \"reason\" = '503'"));
        Assert.Equal(2, await SumAsync("SELECT sum(\"increment\") FROM \"http_retries\" WHERE \"reason\" = '429'"));
        Assert.True(await SumAsync("SELECT sum(\"increment\") FROM \"duplicates_skipped\"") > 0);

        // The ledger: one point per run, each balanced, and everything enqueued scraped.
        var runs = (await _influx.QueryAsync(Database, "SELECT * FROM \"discovery_run\"")).Single();
        Assert.Equal(4, runs.Values.Count);
        foreach (var row in runs.Values)
        {
            long Field(string name) => row[runs.Columns.ToList().IndexOf(name)].GetInt64();
            Assert.Equal(Field("discovered"), Field("enqueued") + Field("already_known"));
            Assert.Equal(Field("enqueued"), Field("scraped"));
            Assert.Equal((0, 0), (Field("failed"), Field("pending")));
        }

        Assert.Equal(stored, (await _influx.QueryAsync(Database, "SELECT sum(\"enqueued\") FROM \"discovery_run\"")).Single().Column("sum").Single().GetInt64());
    }

    [Fact]
    public async Task Discovery_NonexistentSubredditAmongGoodOnes_OneLineItsBackoffOnTheDashboardAndTheOthersUnaffected()
    {
        await using var reddit = await SimulatedReddit.StartAsync(World());
        await using var pipeline = await StartPipelineAsync(reddit);
        string[] subreddits = ["alpha", "nosuchsub", "bravo"];

        // Five scheduled runs: the first meets the 404 page, the other four wait for the recheck (an hour).
        for (var run = 0; run < 5; run++)
        {
            await pipeline.DiscoverAndDrainAsync(subreddits);
        }

        var troubled = pipeline.Logs.GetSnapshot().Where(r => r.Message.Contains("r/nosuchsub", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(troubled);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Null(line.Exception);
        Assert.Contains("not_found", line.Message, StringComparison.Ordinal);
        Assert.Equal(1, reddit.Requests.Requests.Count(r => r.Path.StartsWith("/r/nosuchsub/", StringComparison.Ordinal)));
        Assert.Equal(0, pipeline.Failed);
        Assert.Equal(reddit.World.AllIds("alpha").Count, await pipeline.Store.CountAsync("alpha", CancellationToken.None));
        Assert.Equal(reddit.World.AllIds("bravo").Count, await pipeline.Store.CountAsync("bravo", CancellationToken.None));

        // The dashboard's panel names it, why, and when it is asked again.
        await ReportAsync(pipeline);
        var panel = DashboardQueries.PanelQueries(DashboardQueries.Variables(subreddit: "alpha", interval: TimeSpan.FromSeconds(1)))
            .Where(q => q.Panel == "Subreddits in trouble").ToDictionary(q => q.RefId);
        var since = (await _influx.QueryAsync(Database, panel["A"].Query)).Single();
        Assert.NotNull(since.Tags);
        Assert.Equal(("nosuchsub", "not_found"), (since.Tags["subreddit"], since.Tags["outcome"]));
        var recheck = (await _influx.QueryAsync(Database, panel["B"].Query)).Single();
        var next = recheck.Values.Select(row => row[1]).Last(v => v.ValueKind != JsonValueKind.Null).GetDouble();
        Assert.InRange(next, TimeSpan.FromMinutes(59).TotalSeconds, TimeSpan.FromHours(1).TotalSeconds);

        // An hour on, the subreddit exists: one line says so, and it is read like the others.
        reddit.World.AddSubreddit("nosuchsub", 5, TimeSpan.FromHours(12));
        var troubles = pipeline.Get<SubredditTroubles>();
        var trouble = troubles.Get("nosuchsub")!;
        troubles.Set("nosuchsub", trouble with { Checked = trouble.Checked - TimeSpan.FromHours(1) });
        await pipeline.DiscoverAndDrainAsync(subreddits);

        var lines = pipeline.Logs.GetSnapshot().Where(r => r.Message.Contains("r/nosuchsub", StringComparison.Ordinal)).ToList();
        Assert.Equal(line.Message, Assert.Single(lines, r => r.Level >= LogLevel.Warning).Message);
        var ended = Assert.Single(lines, r => r.Message.Contains("can be read again", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, ended.Level);
        Assert.Empty(troubles.All());
        Assert.Equal(5, await pipeline.Store.CountAsync("nosuchsub", CancellationToken.None));
    }

    [Fact]
    public async Task Dashboards_EveryPanelQueryReturnsDataAfterAPipelineRun()
    {
        await using var reddit = await SimulatedReddit.StartAsync(World());
        await using var pipeline = await StartPipelineAsync(reddit);
        reddit.Faults.Next(Fault.TooManyRequests(TimeSpan.FromMilliseconds(200)), 2, RouteKind.Submission);

        // Two reports a little over one (test-sized) Grafana interval apart, so rates drawn as derivatives of
        // Hangfire's running totals have two points to work from.
        var interval = TimeSpan.FromSeconds(1);
        await pipeline.DiscoverAndDrainAsync(["bravo"]);
        await ReportAsync(pipeline);
        // The points carry the SDK's (real) clock: the second report's must be stamped past the first's interval.
        await Poll.UntilPassedAsync(TimeProvider.System.GetUtcNow() + (interval * 1.5));
        // New posts, so that they have a revisit (Scraper:Revisits 2s here) for the plan to enqueue.
        var fresh = reddit.World.Post("alpha", 2);
        await pipeline.DiscoverAndDrainAsync(["alpha", "nosuchsub"]);
        await pipeline.ScrapeAndDrainAsync("alpha", "nosuch1");
        await Poll.UntilPassedAsync(reddit.World.ExpectedPage(fresh[^1], reddit.BaseUrl).Submission.CreatedUtc!.Value + TimeSpan.FromSeconds(2));
        // The plan, as the schedule runs it: its gauges, the reads and the revisits it enqueues.
        await pipeline.RunAndDrainAsync<DiscoveryPlanJob>([j => j.PlanAsync(CancellationToken.None)]);
        Assert.Equal(0, await pipeline.Store.CountPendingRevisitsAsync(CancellationToken.None));
        await ReportAsync(pipeline);

        var queries = DashboardQueries.PanelQueries(DashboardQueries.Variables(subreddit: "alpha", interval: interval)).ToList();
        Assert.NotEmpty(queries);
        var empty = new List<string>();
        foreach (var query in queries)
        {
            var series = await _influx.QueryAsync(Database, query.Query);
            if (!series.Any(s => s.Values.Any(row => row.Skip(1).Any(v => v.ValueKind != JsonValueKind.Null))))
            {
                empty.Add(query.ToString());
            }
        }

        Assert.True(empty.Count == 0, "Panels without data:\n" + string.Join("\n", empty));
    }

    [Fact]
    public async Task InfluxDown_DuringARun_TheRunStoresEverythingOneWarningAndPointsArriveAfterRecovery()
    {
        await using var reddit = await SimulatedReddit.StartAsync(World());
        await using var pipeline = await StartPipelineAsync(reddit);
        await pipeline.DiscoverAndDrainAsync(["bravo"]);
        await ReportAsync(pipeline);

        await _influx.StopAsync();
        reddit.Requests.Clear();
        await pipeline.DiscoverAndDrainAsync(["alpha"]);
        await pipeline.Get<MeterProvider>().ForceFlushAsync();
        var stored = await pipeline.Store.CountAsync(null, CancellationToken.None);
        Assert.Equal(0, pipeline.Failed);
        Assert.Equal(reddit.Requests.Count(RouteKind.Submission), await pipeline.Store.CountAsync("alpha", CancellationToken.None));

        await _influx.RestartAsync();
        await ReportAsync(pipeline);

        Assert.Equal(stored, await SumAsync("SELECT sum(\"increment\") FROM \"submissions_scraped\""));
        var logs = pipeline.Logs.GetSnapshot().Where(r => r.Category == typeof(InfluxWriter).FullName).ToList();
        Assert.Single(logs, r => r.Level == LogLevel.Warning);
        Assert.Single(logs, r => r.Level == LogLevel.Information && r.Message.Contains("answers again", StringComparison.Ordinal));
    }

    private static SimulatedWorld World()
    {
        var world = new SimulatedWorld(seed: 21);
        world.AddSubreddit("alpha", 120, TimeSpan.FromDays(2), stickied: 1);
        world.AddSubreddit("bravo", 60, TimeSpan.FromDays(2));
        return world;
    }

    private Task<PipelineHost> StartPipelineAsync(SimulatedReddit reddit) =>
        PipelineHost.StartAsync(reddit.BaseUrl, Subreddits, new()
        {
            ["Influx:Url"] = _influx.Url.ToString(),
            ["Influx:Database"] = Database,
            ["Influx:FlushInterval"] = "00:00:01",
            ["Scraper:Revisits"] = "2s",
            ["Influx:Timeout"] = "00:00:01",
        });

    /// <summary>Everything measured so far into InfluxDB: the sampler's gauges and ledger, one collection of
    /// every instrument, and the writer's buffer drained.</summary>
    private static async Task ReportAsync(PipelineHost pipeline)
    {
        await pipeline.Get<IEnumerable<IHostedService>>().OfType<MetricsSampler>().Single().SampleAsync(CancellationToken.None);
        await pipeline.Get<MeterProvider>().ForceFlushAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await pipeline.Get<InfluxWriter>().FlushAsync(deadline.Token);
    }

    private async Task<long> SumAsync(string query) =>
        (long)(await _influx.QueryAsync(Database, query)).Single().Column("sum").Single().GetDouble();
}

internal static class MeterProviderExtensions
{
    /// <summary>Collects every reader now. The result is not asserted: the Prometheus reader only collects when
    /// scraped and answers false; what the InfluxDB reader collected is checked in InfluxDB itself.</summary>
    public static Task ForceFlushAsync(this MeterProvider provider) => Task.Run(() => provider.ForceFlush(10_000));
}
