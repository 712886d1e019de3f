using Scraper.Jobs.Storage;
using static Scraper.Tests.Storage.StoredSubmissions;

namespace Scraper.Tests.Storage;

/// <summary>The record as the dashboard's Record page reads it (<see cref="IRecordReader"/>).</summary>
public abstract partial class SubmissionStoreContract
{
    private static readonly RecordPolicy NoRevisits = new(KeepDeletedContent: true, RevisitAges: []);

    [Fact]
    public async Task Record_SubmissionsCommentsRunsAndRevisits_SumsEachSubredditAndTheTotals()
    {
        var store = await StoreAsync();
        var ledger = store.Ledger;
        var ages = new RecordPolicy(KeepDeletedContent: true, RevisitAges: [TimeSpan.FromHours(1), TimeSpan.FromHours(24)]);
        // An older run, then the newest one: two claimed, one stored since, one still pending.
        await ledger.ClaimAsync("rstats", ["p1"], "run-1", Born.AddMinutes(-10), StaleAfter, CancellationToken.None);
        await ledger.RecordDiscoveryAsync(new DiscoveryTally("run-1/rstats", "rstats", Born.AddMinutes(-10), 1, 1, 0), ["p1"], CancellationToken.None);
        await ledger.ClaimAsync("rstats", ["r2", "r3"], "run-2", Born.AddMinutes(5), StaleAfter, CancellationToken.None);
        await ledger.RecordDiscoveryAsync(new DiscoveryTally("run-2/rstats", "rstats", Born.AddMinutes(5), 3, 2, 1), ["r2", "r3"], CancellationToken.None);
        await ledger.MarkPlannedAsync(["rstats"], Born.AddMinutes(9), CancellationToken.None);
        await store.Submissions.UpsertAsync(
            Visit(Born.AddMinutes(1), "words", score: 1, comments: 2, [Reply("c1", null, "top", 1), Reply("c2", "c1", "reply", 1)], []),
            ages, CancellationToken.None);
        await store.Submissions.UpsertAsync(Make("r2", "rstats", created: Born.AddMinutes(4), scrapedAt: Born.AddMinutes(6)), NoRevisits, CancellationToken.None);
        await store.Submissions.UpsertAsync(Make("k1", "China_IRL", created: Born.AddMinutes(2), scrapedAt: Born.AddMinutes(3)), NoRevisits, CancellationToken.None);
        var now = Born.AddHours(2);

        var record = await store.Record.ReadAsync(["rstats", "Python"], now, CancellationToken.None);

        // Configured ones by their spelling, the others by their key.
        Assert.Equal(["china_irl", "Python", "rstats"], record.Subreddits.Select(s => s.Subreddit));
        var rstats = record.Subreddits[2];
        Assert.Equal(2, rstats.Submissions);
        Assert.Equal(2, rstats.Comments);
        Assert.Equal(Born.AddMinutes(4), rstats.Newest);
        Assert.Equal(Born.AddMinutes(6), rstats.LastStored);
        Assert.Equal(Born.AddMinutes(9), rstats.LastReadPlanned);
        Assert.Equal(TimeSpan.FromMinutes(116), rstats.FreshnessLag(now));
        var run = Assert.IsType<RunLedger>(rstats.LastRun);
        Assert.Equal(("run-2/rstats", Born.AddMinutes(5), 3L, 2L, 1L), (run.Run, run.Started, run.Discovered, run.Enqueued, run.AlreadyKnown));
        Assert.Equal((1L, 0L, 1L), (run.Scraped, run.Failed, run.Pending));
        // p1's revisits at 1 h (due at 2 h) and 24 h (not yet).
        Assert.Equal((2L, 1L), (rstats.RevisitsPending, rstats.RevisitsDue));

        var python = record.Subreddits[1];
        Assert.Equal((0L, 0L, 0L), (python.Submissions, python.Comments, python.RevisitsPending));
        Assert.Null(python.Newest);
        Assert.Null(python.FreshnessLag(now));
        Assert.Null(python.LastRun);
        Assert.Null(python.LastReadPlanned);

        Assert.Equal(1, record.Subreddits[0].Submissions);
        Assert.Equal((3L, 2L, 2L, 1L), (record.Submissions, record.Comments, record.RevisitsPending, record.RevisitsDue));
        Assert.Equal(Born.AddMinutes(4), record.Newest);
    }

    [Fact]
    public async Task Record_RunThatGaveUpOnAScrape_CountsItUntilTheSubmissionIsStored()
    {
        var store = await StoreAsync();
        await store.Ledger.ClaimAsync("rstats", ["g1", "g2"], "run", Born, StaleAfter, CancellationToken.None);
        await store.Ledger.RecordDiscoveryAsync(new DiscoveryTally("run/rstats", "rstats", Born, 2, 2, 0), ["g1", "g2"], CancellationToken.None);
        await store.Ledger.RecordScrapeFailureAsync("g1", "not_found", CancellationToken.None);
        await store.Ledger.RecordScrapeFailureAsync("g2", "not_found", CancellationToken.None);
        await store.Submissions.UpsertAsync(Make("g2", "rstats", created: Born), NoRevisits, CancellationToken.None);

        var record = await store.Record.ReadAsync(["rstats"], Born.AddMinutes(1), CancellationToken.None);

        var run = Assert.IsType<RunLedger>(Assert.Single(record.Subreddits).LastRun);
        Assert.Equal((1L, 1L, 0L), (run.Scraped, run.Failed, run.Pending));
    }

    [Fact]
    public async Task Record_EmptyStore_ListsTheConfiguredSubredditsWithNothingStored()
    {
        var store = await StoreAsync();

        var record = await store.Record.ReadAsync(["rstats"], Born, CancellationToken.None);

        var rstats = Assert.Single(record.Subreddits);
        Assert.Equal(("rstats", 0L, 0L), (rstats.Subreddit, rstats.Submissions, rstats.Comments));
        Assert.Null(rstats.LastStored);
        Assert.Equal(0, record.Submissions);
        Assert.Null(record.Newest);
    }
}
