using System.Net;
using System.Text.Json;
using Scraper.Tests.Support;

namespace Scraper.Tests.Hosting;

/// <summary>Serilog as the one logging provider, seen in the output of a real run: the app as a child process
/// around its simulator (Scraper.Sandbox), its jobs running on Hangfire, requests served.</summary>
public class LoggingTests
{
    private const string RequestLogging = "Serilog.AspNetCore.RequestLoggingMiddleware";

    [Fact]
    public async Task Run_JsonLogs_WritesEveryEventOnceAsOneJsonObjectPerLine()
    {
        await using var app = AppProcess.StartSandbox(
            new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:0", ["Logging__Json"] = "true" });
        var url = Assert.Single(await app.ListeningAsync());
        using (var http = new HttpClient())
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(url, "/hangfire/recurring"))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(url, "/health/live"))).StatusCode);
        }

        // A discovery job that found something: its scrape jobs run, and Hangfire logs around them.
        await app.WaitForLineAsync(
            line => line.Contains("\"SourceContext\":\"Scraper.Jobs.Discovery.DiscoveryJob\"", StringComparison.Ordinal)
                && !line.Contains("\"Enqueued\":0,", StringComparison.Ordinal),
            TimeSpan.FromMinutes(1), "discovery run that enqueued submissions");
        var (exitCode, _) = await app.StopAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, exitCode);
        Assert.Empty(app.Error);
        // Each event carries its own timestamp (to the tick), so a line seen twice is one event written twice.
        Assert.Empty(app.Output.GroupBy(line => line).Where(g => g.Count() > 1).Select(g => g.Key));
        var events = app.JsonEvents();
        Assert.All(events, e => Assert.True(e.TryGetProperty("@t", out _) && e.TryGetProperty("@mt", out _), e.ToString()));
        Assert.Contains(events, e => Source(e).StartsWith("Hangfire.", StringComparison.Ordinal));
        Assert.Contains(events, e => Source(e) == "Scraper.Jobs.Discovery.DiscoveryJob");
        Assert.Contains(events, e => Source(e) == "Microsoft.Hosting.Lifetime");
        // One line per request, from Serilog's middleware; ASP.NET Core's own per-request lines stay quiet, and
        // so do health probes (Debug).
        Assert.Single(events, e => Source(e) == RequestLogging && Path(e) == "/hangfire/recurring");
        Assert.DoesNotContain(events, e => Source(e) == RequestLogging && Path(e) == "/health/live");
        Assert.DoesNotContain(events, e => Source(e).StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal));
    }

    private static string Source(JsonElement e) =>
        e.TryGetProperty("SourceContext", out var source) ? source.GetString() ?? "" : "";

    private static string Path(JsonElement e) =>
        e.TryGetProperty("RequestPath", out var path) ? path.GetString() ?? "" : "";
}
