using System.Diagnostics;
using System.Globalization;
using Scraper.Jobs.Storage;
using Scraper.Simulator;
using Scraper.Tests.Support;

namespace Scraper.Benchmarks.Storage;

/// <summary>What one view of the dashboard's Record page costs the store: <c>dotnet run -c Release --project
/// Scraper.Benchmarks -- record [subreddits] [posts-per-subreddit]</c>. A SQLite store filled through its own
/// writes (each post with the simulator's comments and three revisits planned, ten discovery runs per subreddit),
/// then <see cref="IRecordReader.ReadAsync"/> timed, warm, 20 times.</summary>
internal static class RecordRead
{
    private const int Reads = 20;
    private const int RunsPerSubreddit = 10;

    public static async Task<int> RunAsync(int subreddits, int posts)
    {
        var world = new SimulatedWorld(seed: 31) { ShowAds = false };
        var names = Enumerable.Range(0, subreddits).Select(i => "bench_" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        foreach (var name in names)
        {
            world.AddSubreddit(name, posts, TimeSpan.FromDays(30));
        }

        using var folder = TempFolder.Create("record");
        using var store = new SqliteStore(folder.Submissions);
        await store.Submissions.InitializeAsync(CancellationToken.None);
        var policy = new RecordPolicy(KeepDeletedContent: true, [TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(7)]);
        var site = new Uri("https://old.reddit.com/");
        var now = DateTimeOffset.UtcNow;
        var filling = Stopwatch.StartNew();
        long comments = 0;
        foreach (var name in names)
        {
            var ids = world.AllIds(name);
            foreach (var id in ids)
            {
                var page = world.ExpectedPage(id, site);
                comments += page.Comments.Count;
                await store.Submissions.UpsertAsync(new StoredSubmission(page, now), policy, CancellationToken.None);
            }

            for (var run = 0; run < RunsPerSubreddit; run++)
            {
                var claimed = ids.Skip(run * ids.Count / RunsPerSubreddit).Take(ids.Count / RunsPerSubreddit).ToList();
                var tally = new DiscoveryTally("run-" + run.ToString(CultureInfo.InvariantCulture) + "/" + name, name,
                    now.AddMinutes(run - RunsPerSubreddit), claimed.Count, claimed.Count, 0);
                await store.Ledger.RecordDiscoveryAsync(tally, claimed, CancellationToken.None);
            }
        }

        filling.Stop();
        var summary = await store.Record.ReadAsync(names, now, CancellationToken.None);
        var times = new List<double>(Reads);
        for (var i = 0; i < Reads; i++)
        {
            var clock = Stopwatch.StartNew();
            summary = await store.Record.ReadAsync(names, now, CancellationToken.None);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        var size = new FileInfo(folder.Submissions.Replace("Data Source=", string.Empty, StringComparison.Ordinal)).Length;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {subreddits:N0} | {summary.Submissions:N0} | {summary.Comments:N0} | {summary.RevisitsPending:N0} | {size / 1048576.0:F0} MB | {times[Reads / 2]:F0} ms | {times[^1]:F0} ms |"));
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"filled in {filling.Elapsed.TotalSeconds:F0} s; {comments:N0} comments written"));
        return 0;
    }
}
