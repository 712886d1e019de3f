using Scraper.Tests.Support;

namespace Scraper.Tests.Hosting;

public class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_SandboxRunning_ServesScrapersInstrumentsInPrometheusFormat()
    {
        await using var app = AppProcess.StartSandbox(new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:0" });
        using var http = new HttpClient { BaseAddress = Assert.Single(await app.ListeningAsync()), Timeout = TimeSpan.FromSeconds(5) };
        var text = string.Empty;

        // Until the sandbox has scraped something; a scrape of /metrics is cheap.
        await Poll.UntilAsync(
            async () =>
            {
                Assert.False(app.HasExited, app.Tail());
                text = await http.GetStringAsync("metrics");
                return text.Contains("submissions_scraped_total{", StringComparison.Ordinal);
            },
            TimeSpan.FromMinutes(1), () => "Nothing scraped within a minute:\n" + app.Tail());

        Assert.Contains("submission_fetch_time_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("http_responses_total{", text, StringComparison.Ordinal);
        Assert.Contains("hangfire_job_execution_time_seconds_count{", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_SandboxRunning_ServesTheDiscoveryRunLedger()
    {
        await using var app = AppProcess.StartSandbox(
            new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:0", ["Sampling__Interval"] = "00:00:01" });
        using var http = new HttpClient { BaseAddress = Assert.Single(await app.ListeningAsync()), Timeout = TimeSpan.FromSeconds(5) };
        var ledger = new List<string>();

        // Until a run's enqueued submissions are scraped: its ledger says so, per run, as InfluxDB's point does.
        await Poll.UntilAsync(
            async () =>
            {
                Assert.False(app.HasExited, app.Tail());
                ledger = (await http.GetStringAsync("metrics")).Split('\n').Where(l => l.StartsWith("discovery_run_", StringComparison.Ordinal)).ToList();
                return ledger.Any(l => l.StartsWith("discovery_run_scraped{", StringComparison.Ordinal) && !l.EndsWith(" 0", StringComparison.Ordinal));
            },
            TimeSpan.FromMinutes(1), () => "No ledger with a scraped submission within a minute:\n" + app.Tail());

        string[] figures = ["discovered", "enqueued", "already_known", "scraped", "failed", "pending"];
        Assert.All(figures, figure => Assert.Contains(ledger, l => l.StartsWith("discovery_run_" + figure + "{", StringComparison.Ordinal)));
        Assert.All(ledger, l => Assert.Matches("subreddit=\"sandbox_\\w+\"", l));
        Assert.All(ledger, l => Assert.Contains("run=\"", l, StringComparison.Ordinal));
    }
}
