using System.Text.Json;
using Scraper.Simulator;
using Scraper.Tests.Support;

namespace Scraper.Tests.CommandLine;

/// <summary>The fetch verb, run as the real executable against the simulator.</summary>
public class FetchVerbTests
{
    [Fact]
    public async Task Fetch_RequestRetriedAfterA503_PrintsOnlyJsonOnStdoutAndLogsTheRetryOnStderr()
    {
        var world = new SimulatedWorld(seed: 41);
        world.AddSubreddit("verbs", 5, TimeSpan.FromDays(1));
        await using var reddit = await SimulatedReddit.StartAsync(world);
        reddit.Faults.Next(Fault.ServerError(503), route: RouteKind.Listing);
        using var process = ScraperProcess.Start(
            new Dictionary<string, string>
            {
                ["Reddit__BaseUrl"] = reddit.BaseUrl.ToString(),
                ["Reddit__UserAgent"] = FetcherHost.UserAgent,
                ["Reddit__RetryBaseDelay"] = "00:00:00.050",
            },
            "fetch", "verbs");

        var (exitCode, output, error) = await ScraperProcess.WaitAsync(process, TimeSpan.FromMinutes(1));

        Assert.Equal(0, exitCode);
        var page = JsonDocument.Parse(Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal("listing", page.GetProperty("kind").GetString());
        Assert.Equal(5, page.GetProperty("submissions").GetInt32());
        // Polly's warning about the retried attempt, through Serilog, on stderr.
        Assert.Contains("WRN", error, StringComparison.Ordinal);
        Assert.Contains("503", error, StringComparison.Ordinal);
        Assert.Equal(2, reddit.Requests.Count(RouteKind.Listing));
    }
}
