using Scraper.Simulator;
using Serilog;
using Serilog.Extensions.Logging;

namespace Scraper.Web.Hosting;

/// <summary><c>--sandbox</c>: the whole pipeline against a simulated old.reddit in this process, with a few
/// subreddits and new posts every few seconds; no network, no servers.</summary>
internal static class Sandbox
{
    public const string Flag = "--sandbox";

    private static readonly string[] Subreddits = ["sandbox_news", "sandbox_pics", "sandbox_askme"];

    public static async Task<SimulatedReddit> StartAsync(IConfigurationBuilder configuration)
    {
        var world = new SimulatedWorld(seed: Environment.TickCount);
        foreach (var subreddit in Subreddits)
        {
            world.AddSubreddit(subreddit, submissions: 120, spread: TimeSpan.FromHours(12));
        }

        // Its warnings go through the app's Serilog logger, like everything else; only its warnings (AddSerilog
        // lets everything through its provider, and the simulator's "Now listening on" would pass for the app's).
        var reddit = await SimulatedReddit.StartAsync(
            world, logging: logging => logging.AddSerilog().AddFilter<SerilogLoggerProvider>(null, LogLevel.Warning));
        foreach (var (subreddit, index) in Subreddits.Select((s, i) => (s, i)))
        {
            world.PostEvery(subreddit, TimeSpan.FromSeconds(3 + (2 * index)));
        }

        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Reddit:BaseUrl"] = reddit.BaseUrl.ToString(),
            ["Reddit:UserAgent"] = "sandbox:scraper:1.0 (by /u/sandbox; offline simulator)",
            ["Reddit:RequestsPerMinute"] = "600",
            ["Scraper:Subreddits"] = string.Join(',', Subreddits),
            ["Scraper:Schedule"] = "*/15 * * * * *",
            ["Scraper:Backfill"] = "06:00:00",
            ["ConnectionStrings:Submissions"] = "Data Source=" + Path.Combine(Path.GetTempPath(), "scraper-sandbox-" + Environment.ProcessId + ".db"),
        });
        return reddit;
    }
}
