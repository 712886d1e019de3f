using System.Text.Json;
using Scraper.Simulator;
using Scraper.Tests.Support;

namespace Scraper.Tests.CommandLine;

/// <summary>The <c>session</c> verb, the real executable against the walled simulator: logged in or not, and as whom,
/// without ever printing the session.</summary>
public class SessionVerbTests
{
    private const string Session = "verb-session-secret-93ab";

    [Theory]
    [InlineData(Session, 0, true, "scraper_ci_account", "listing")]
    [InlineData("a-stale-session-value", 2, false, null, "session_expired")]
    [InlineData("", 2, false, null, "login_wall")]
    public async Task Session_AgainstTheWall_PrintsWhetherAndAsWhomItIsLoggedIn(
        string configured, int exitCode, bool loggedIn, string? account, string outcome)
    {
        var world = new SimulatedWorld(seed: 43) { ShowAds = false };
        world.AddSubreddit("verbs", 5, TimeSpan.FromDays(1));
        await using var reddit = await SimulatedReddit.StartAsync(world);
        reddit.Session.Require(Session, "scraper_ci_account");
        using var process = ScraperProcess.Start(
            new Dictionary<string, string>
            {
                ["Reddit__BaseUrl"] = reddit.BaseUrl.ToString(),
                ["Reddit__UserAgent"] = FetcherHost.UserAgent,
                ["Reddit__SessionCookie"] = configured,
                ["Scraper__Subreddits"] = "verbs",
            },
            "session");

        var (exit, output, error) = await ScraperProcess.WaitAsync(process, TimeSpan.FromMinutes(1));

        Assert.Equal(exitCode, exit);
        var line = JsonDocument.Parse(Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal(loggedIn, line.GetProperty("logged_in").GetBoolean());
        Assert.Equal(account, line.GetProperty("logged_in_as").GetString());
        Assert.Equal(outcome, line.GetProperty("outcome").GetString());
        Assert.Equal(configured.Length > 0, line.GetProperty("session_configured").GetBoolean());
        Assert.Contains("/r/verbs/new/?limit=1", Assert.Single(reddit.Requests.Requests).Path, StringComparison.Ordinal);
        Assert.DoesNotContain(Session, output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("a-stale-session-value", output + error, StringComparison.Ordinal);
    }
}
