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
}
