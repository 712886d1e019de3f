using System.CommandLine;
using System.Globalization;
using Scraper.Jobs.Discovery;
using Scraper.Jobs.Fetching;
using Scraper.Jobs.Storage;
using Scraper.Web.Hosting;

namespace Scraper.Web.CommandLine;

/// <summary><c>plan</c>: the discovery plan as it stands, from the app's configuration (<c>Scraper:Subreddits</c>,
/// <c>Reddit:RequestsPerMinute</c>) and what its store has kept of each subreddit: the budget's use, then per
/// subreddit its estimated rate, its interval, its read (alone or which group) and the lag to expect. Sends
/// nothing to reddit. Subreddits in trouble are known to Hangfire's storage, not the store, and are planned like
/// the others here.</summary>
internal static class PlanVerb
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var command = new Command("plan", "Print the discovery plan: per subreddit its posting rate, read interval, group and expected lag.");
        command.SetAction((_, cancellationToken) => RunAsync(output, error, cancellationToken));
        return command;
    }

    private static Task<int> RunAsync(TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        VerbHost.RunWithStoreAsync(
            async () =>
            {
                var builder = VerbHost.CreateBuilder();
                builder.Logging.ClearProviders();
                var scraper = Settings.Read<ScraperOptions>(builder.Configuration, ScraperOptions.SectionName);
                var reddit = Settings.Read<RedditOptions>(builder.Configuration, RedditOptions.SectionName);
                var connections = Settings.Read<ConnectionStringsOptions>(builder.Configuration, ConnectionStringsOptions.SectionName);
                builder.Services.AddSubmissionStore(connections.Submissions);
                using var host = builder.Build();
                await host.Services.GetRequiredService<ISubmissionStore>().InitializeAsync(cancellationToken);
                var paces = (await host.Services.GetRequiredService<IDiscoveryLedger>().GetPacesAsync(cancellationToken))
                    .ToDictionary(p => p.Subreddit, StringComparer.OrdinalIgnoreCase);
                var plan = DiscoveryPlanJob.PlanOf(scraper, reddit.RequestsPerMinute, paces, new HashSet<string>(), DateTimeOffset.UtcNow);
                await WriteAsync(output, plan, paces);
            },
            output,
            error,
            cancellationToken);

    private static async Task WriteAsync(TextWriter output, DiscoveryPlan plan, IReadOnlyDictionary<string, SubredditPace> paces)
    {
        var c = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Format(c,
            "budget {0:0.#}/min: scraping {1:0.##}/min, reading {2:0.##}/min, {3:0%} used{4}",
            plan.BudgetPerMinute, plan.ScrapePerMinute, plan.DiscoveryPerMinute, plan.BudgetUsed, plan.Overloaded ? " — SHORT: lag grows" : ""));
        await output.WriteLineAsync(string.Format(c, "{0,-24} {1,10} {2,10} {3,-14} {4,12}", "subreddit", "posts/h", "interval", "read", "expected lag"));
        var group = 0;
        foreach (var read in plan.Reads)
        {
            var how = read.IsGroup ? string.Format(c, "group {0} ({1})", ++group, read.Members.Count) : "alone";
            foreach (var member in read.Members)
            {
                var rate = paces.GetValueOrDefault(member)?.Rate?.PostsPerHour;
                var known = paces.GetValueOrDefault(member)?.Watermark is null ? " (backfill first)" : "";
                // A post waits half an interval on average to be discovered.
                await output.WriteLineAsync(string.Format(c, "{0,-24} {1,10} {2,10} {3,-14} {4,12}{5}",
                    member, rate is { } r ? r.ToString("0.###", c) : "?", Minutes(read.Interval), how, Minutes(read.Interval / 2), known));
            }
        }
    }

    private static string Minutes(TimeSpan span) => span.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture) + " min";
}
