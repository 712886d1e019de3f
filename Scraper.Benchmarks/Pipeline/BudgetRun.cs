using System.Diagnostics;
using System.Globalization;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scraper.Jobs.Discovery;
using Scraper.Jobs.Storage;
using Scraper.Simulator;
using Scraper.Tests.Support;

namespace Scraper.Benchmarks.Pipeline;

/// <summary>Following 1,000 subreddits within one request budget, end to end against the simulator, in real time
/// (the budget is a rate): Zipf-distributed posting rates, posts arriving all the while. <c>dotnet run -c Release
/// --project Scraper.Benchmarks -- budget [plan|per-subreddit] [minutes]</c>. <c>plan</c> is discovery as it is
/// (the planner, combined listings); <c>per-subreddit</c> is the schedule before it: every subreddit's listing
/// every 5 minutes. Both start from a kept state, as after a restart: every post made before the start stored, every
/// subreddit's watermark at the start, its rate not known. They report, for the posts created during the run:
/// captured / created, requests per new post (every request of the run), lag from creation to stored, and the most
/// requests in any 60 s against the budget.</summary>
internal static class BudgetRun
{
    private const int Subreddits = 1000;
    private const double PostsPerHour = 2400;
    private const int Budget = 50;

    // Reads at least every 10 minutes, and the run drains for that long after the last arrival, so that a
    // quiet subreddit's last post has had its read.
    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan OldSchedule = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(string mode, TimeSpan duration)
    {
        var planned = mode == "plan";
        var world = new SimulatedWorld(seed: 15) { ShowAds = false };
        var names = world.AddZipfSubreddits(Subreddits, PostsPerHour, seed: 15, history: TimeSpan.FromHours(2), maxHistoryPosts: 50);
        await using var reddit = await SimulatedReddit.StartAsync(world);
        using var folder = TempFolder.Create("budget");

        // A kept state: every post so far stored (so the overlap below the watermarks finds nothing new), every
        // subreddit read up to now (its watermark), its rate not known yet.
        var start = DateTimeOffset.UtcNow;
        var before = names.SelectMany(world.AllIds).ToHashSet(StringComparer.Ordinal);
        using (var seed = new SqliteStore(folder.Submissions))
        {
            await seed.Submissions.InitializeAsync(CancellationToken.None);
            foreach (var id in before)
            {
                await seed.Submissions.UpsertAsync(new StoredSubmission(world.ExpectedPage(id, reddit.BaseUrl), start), CancellationToken.None);
            }

            foreach (var name in names)
            {
                await seed.Ledger.SetWatermarkAsync(name, new Watermark(start), CancellationToken.None);
            }
        }

        var settings = PipelineSettings.For(
            reddit.BaseUrl, "bench:scraper:1.0 (by /u/scraper_bench)", names, backfill: TimeSpan.FromHours(1), workers: 10, folder);
        settings["Reddit:RequestsPerMinute"] = Budget.ToString(CultureInfo.InvariantCulture);
        settings["Scraper:Schedule"] = planned ? "* * * * *" : "0 0 1 1 *";
        settings["Scraper:LongestInterval"] = Longest.ToString("c", CultureInfo.InvariantCulture);
        using var host = PipelineSettings.Build(settings, logging => logging.SetMinimumLevel(LogLevel.Warning));
        reddit.Requests.Clear();
        var arrivals = world.StartArrivals(TimeSpan.FromSeconds(1));
        await host.StartAsync();
        var clock = Stopwatch.StartNew();
        try
        {
            var jobs = host.Services.GetRequiredService<IBackgroundJobClient>();
            var nextRound = TimeSpan.Zero;
            var arriving = true;
            while (clock.Elapsed < duration + Longest)
            {
                if (arriving && clock.Elapsed >= duration)
                {
                    await arrivals.DisposeAsync();
                    arriving = false;
                }

                if (!planned && clock.Elapsed >= nextRound)
                {
                    // The per-subreddit schedule: every subreddit's own recurring read.
                    foreach (var name in names)
                    {
                        jobs.Enqueue<DiscoveryJob>(j => j.DiscoverAsync(name, null, CancellationToken.None));
                    }

                    nextRound += OldSchedule;
                }

                await Poll.UntilPassedAsync(DateTimeOffset.UtcNow + TimeSpan.FromSeconds(5));
            }

            await ReportAsync(mode, host, reddit, names, before, duration);
            return 0;
        }
        finally
        {
            await arrivals.DisposeAsync();
            await host.StopAsync();
        }
    }

    private static async Task ReportAsync(
        string mode, IHost host, SimulatedReddit reddit, IReadOnlyList<string> names, HashSet<string> before, TimeSpan duration)
    {
        var world = reddit.World;
        var created = names.SelectMany(world.AllIds).Where(id => !before.Contains(id)).ToHashSet(StringComparer.Ordinal);
        var stored = new List<(string Id, double LagSeconds, int Count)>();
        await foreach (var row in host.Services.GetRequiredService<ISubmissionStore>().ExportAsync(null, null, CancellationToken.None))
        {
            if (created.Contains(row.Page.Submission.Id) && row.Page.Submission.CreatedUtc is { } at)
            {
                stored.Add((row.Page.Submission.Id, (row.FirstScrapedAt - at).TotalSeconds, row.ScrapeCount));
            }
        }

        var requests = reddit.Requests.Requests;
        var listings = requests.Count(r => r.Route == RouteKind.Listing);
        var busiest = requests.Select((r, i) => requests.Skip(i).TakeWhile(later => later.ReceivedAt - r.ReceivedAt < TimeSpan.FromMinutes(1)).Count())
            .DefaultIfEmpty(0).Max();
        var lags = stored.Select(s => s.LagSeconds).Order().ToList();
        double Quantile(double q) => lags.Count == 0 ? double.NaN : lags[(int)Math.Min(lags.Count - 1, Math.Floor(q * lags.Count))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {mode} | {duration.TotalMinutes:F0} min | {created.Count} | {stored.Count} ({100.0 * stored.Count / Math.Max(1, created.Count):F1}%) | {stored.Count(s => s.Count > 1)} | {requests.Count} ({listings} listing) | {(double)requests.Count / Math.Max(1, stored.Count):F3} | {Quantile(0.5) / 60:F1} / {Quantile(0.95) / 60:F1} / {(lags.Count == 0 ? double.NaN : lags[^1]) / 60:F1} min | {busiest} / {Budget} |"));
    }
}
