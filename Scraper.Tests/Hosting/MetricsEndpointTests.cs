using Scraper.Tests.Support;

namespace Scraper.Tests.Hosting;

public class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_SandboxRunning_ServesScrapersInstrumentsInPrometheusFormat()
    {
        var port = LoopbackPort.Free();
        using var process = ScraperProcess.Start(
            new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:" + port }, "--sandbox");
        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + port + "/"), Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            // Poll until the sandbox has scraped something; a scrape of /metrics is cheap.
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            var text = string.Empty;
            while (!text.Contains("submissions_scraped_total{", StringComparison.Ordinal))
            {
                await Task.Delay(500, deadline.Token);
                try
                {
                    text = await http.GetStringAsync("metrics", deadline.Token);
                }
                catch (HttpRequestException) when (!process.HasExited)
                {
                    // Not listening yet.
                }

                Assert.False(process.HasExited, "The app exited.");
            }

            Assert.Contains("submission_fetch_time_seconds_bucket{", text, StringComparison.Ordinal);
            Assert.Contains("http_responses_total{", text, StringComparison.Ordinal);
            Assert.Contains("hangfire_job_execution_time_seconds_count{", text, StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
