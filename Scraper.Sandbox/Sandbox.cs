using Scraper.Simulator;
using Serilog;
using Serilog.Extensions.Logging;

namespace Scraper.Sandbox;

/// <summary>The whole pipeline against a simulated old.reddit in this process, with a few subreddits and new
/// posts every few seconds; no network, no servers. Its data (the SQLite file, the data-protection keys) lives in
/// a temp folder of its own, deleted when it stops.</summary>
internal sealed class Sandbox : IAsyncDisposable
{
    private static readonly string[] Subreddits = ["sandbox_news", "sandbox_pics", "sandbox_askme"];

    private readonly SimulatedReddit _reddit;
    private readonly string _folder;
    private readonly string _submissions;

    private Sandbox(SimulatedReddit reddit, string folder, string submissions)
    {
        _reddit = reddit;
        _folder = folder;
        _submissions = submissions;
    }

    /// <summary>Starts the simulator and points the app's configuration at it; the app's logger names the data
    /// once the host starts.</summary>
    public static async Task<Sandbox> StartAsync(WebApplicationBuilder builder)
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

        var folder = Directory.CreateTempSubdirectory("scraper-sandbox-").FullName;
        var submissions = "Data Source=" + Path.Combine(folder, "submissions.db");
        // The simulator walls anonymous visitors as old.reddit does since July 2026; the sandbox logs itself in
        // with a session made up for this run.
        var session = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        reddit.Session.Require(session);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Reddit:BaseUrl"] = reddit.BaseUrl.ToString(),
            ["Reddit:SessionCookie"] = session,
            ["Reddit:UserAgent"] = "sandbox:scraper:1.0 (by /u/sandbox; offline simulator)",
            ["Reddit:RequestsPerMinute"] = "600",
            ["Scraper:Subreddits"] = string.Join(',', Subreddits),
            ["Scraper:Schedule"] = "*/15 * * * * *",
            ["Scraper:Backfill"] = "06:00:00",
            ["ConnectionStrings:Submissions"] = submissions,
            ["DataProtection:KeysFolder"] = Path.Combine(folder, "keys"),
        });
        var sandbox = new Sandbox(reddit, folder, submissions);
        builder.Services.AddHostedService(services => new DataLine(sandbox, services.GetRequiredService<ILogger<Sandbox>>()));
        return sandbox;
    }

    /// <summary>Stops the simulator and deletes the folder. Called after the host has stopped and been disposed:
    /// the store has closed its pooled connections with it, so nothing holds the files any more.</summary>
    public async ValueTask DisposeAsync()
    {
        await _reddit.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Says where the data is and how to read it: logged by the app's logger as the host starts (before
    /// it listens), so it comes out as JSON too when <c>Logging:Json</c> asks for it.</summary>
    private sealed class DataLine(Sandbox sandbox, ILogger<Sandbox> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            SandboxLog.SandboxData(logger, sandbox._folder, sandbox._submissions);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
