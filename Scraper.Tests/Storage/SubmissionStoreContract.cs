using System.Data.Common;
using Dapper;
using Scraper.Jobs.OldReddit;
using Scraper.Jobs.Storage;
using static Scraper.Tests.Storage.StoredSubmissions;

namespace Scraper.Tests.Storage;

/// <summary>What every submission store does, run against a real database by each subclass: SQLite in a temp
/// file, PostgreSQL in a server of the test run's own. Each test gets an empty database of its own; several
/// store instances on one database stand for several processes sharing it.</summary>
public abstract partial class SubmissionStoreContract : IAsyncLifetime
{
    private static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(10);
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<SqlStore> _stores = [];
    private string _database = "";

    public static TheoryData<string> FixturePageNames => new(FixturePages);

    public async Task InitializeAsync() => _database = await CreateDatabaseAsync();

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            switch (store)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    /// <summary>An empty database of the test's own; its connection string.</summary>
    protected abstract Task<string> CreateDatabaseAsync();

    // ---- round trip ----------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(FixturePageNames))]
    public async Task Export_ParsedFixturePage_RoundTripsEveryField(string fileName)
    {
        var store = await StoreAsync();
        var stored = new StoredSubmission(Parse(fileName), ScrapedAt);

        await store.Submissions.UpsertAsync(stored, CancellationToken.None);

        var read = Assert.Single(await ExportAsync(store));
        AssertSame(stored, read);
        var comments = await store.Submissions.GetCommentsAsync(stored.Page.Submission.Id, CancellationToken.None);
        Assert.Equal(stored.Page.Comments.OrderBy(c => c.Id, StringComparer.Ordinal), comments.Select(c => c.Comment));
    }

    [Fact]
    public async Task Export_SubmissionWithEveryOptionalFieldSet_RoundTripsExactly()
    {
        var store = await StoreAsync();
        var permalink = new Uri("https://old.reddit.com/r/China_irl/comments/abc123/标题_with_ünïcode/");
        var stored = new StoredSubmission(
            new SubmissionPage
            {
                Submission = new Submission
                {
                    Id = "abc123",
                    Subreddit = "China_irl",
                    Title = "标题 «quoted» & <b>not markup</b> 🚀",
                    Author = "Some_User-42",
                    AuthorFlair = new Flair("潜龙勿用 :flag:", ":flag:"),
                    LinkFlair = new Flair("", ":speak:"),
                    CreatedUtc = new DateTimeOffset(2022, 11, 21, 3, 45, 33, 123, TimeSpan.Zero),
                    EditedUtc = new DateTimeOffset(2022, 11, 22, 4, 5, 6, 789, TimeSpan.Zero),
                    Score = 48_900_000_001,
                    CommentCount = 1234,
                    Permalink = permalink,
                    Url = new Uri("https://example.org/a%20b?q=1&r=%E2%9C%93#frag"),
                    Domain = "example.org",
                    IsSelf = false,
                    IsNsfw = true,
                    IsSpoiler = true,
                    IsStickied = true,
                    IsLocked = true,
                    IsArchived = true,
                    IsOriginalContent = true,
                    IsGallery = true,
                    IsVideo = true,
                    IsPromoted = true,
                    // A crosspost whose parent the page names only in part: still a crosspost after the trip.
                    CrosspostParent = new CrosspostParent(null, null, null),
                    Thumbnail = new Uri("https://b.thumbs.redditmedia.com/x.jpg"),
                },
                SelftextText = "line one\nline two — ünïcode\t\"quoted\" 'single'",
                SelftextHtml = "<p>line one<br>\nline two — <a href=\"https://x.example/?a=1&amp;b=2\">ünïcode</a></p>",
                UpvoteRatio = 0.92,
                Points = 37,
                RemovalState = RemovalState.Removed,
                CommentCountInHeader = 1234,
                CommentsRendered = 200,
            },
            ScrapedAt);

        await store.Submissions.UpsertAsync(stored, CancellationToken.None);

        AssertSame(stored, Assert.Single(await ExportAsync(store)));
    }

    [Fact]
    public async Task Export_SubmissionWithEveryOptionalFieldEmpty_RoundTripsTheNulls()
    {
        var store = await StoreAsync();
        var stored = Make("nul1") with
        {
            Page = Make("nul1").Page with
            {
                Submission = Make("nul1").Page.Submission with
                {
                    Author = null,
                    CreatedUtc = null,
                    Score = null,
                    CommentCount = null,
                },
                RemovalState = RemovalState.Deleted,
            },
        };

        await store.Submissions.UpsertAsync(stored, CancellationToken.None);

        AssertSame(stored, Assert.Single(await ExportAsync(store)));
    }

    [Fact]
    public async Task Upsert_ScrapeTimeWithSubMilliseconds_KeepsTheMillisecond()
    {
        var store = await StoreAsync();
        var scrapedAt = ScrapedAt.AddTicks(4321);

        await store.Submissions.UpsertAsync(Make("ticks") with { ScrapedAt = scrapedAt }, CancellationToken.None);

        Assert.Equal(ScrapedAt, Assert.Single(await ExportAsync(store)).ScrapedAt);
    }

    // ---- upsert --------------------------------------------------------------------------------------------

    [Fact]
    public async Task Upsert_NewSubmission_ReturnsTrueAndStoresOneScrape()
    {
        var store = await StoreAsync();

        var isNew = await store.Submissions.UpsertAsync(Make("a1"), CancellationToken.None);

        Assert.True(isNew);
        var read = Assert.Single(await ExportAsync(store));
        Assert.Equal(1, read.ScrapeCount);
        Assert.Equal(ScrapedAt, read.FirstScrapedAt);
    }

    [Fact]
    public async Task Upsert_SameSubmissionTwice_KeepsOneRowCountsTwoScrapesAndKeepsTheFirstScrapeTime()
    {
        var store = await StoreAsync();
        var first = Make("a1");
        var second = first with
        {
            Page = first.Page with { Submission = first.Page.Submission with { Score = 99, Title = "Edited title" }, Points = 99 },
            ScrapedAt = ScrapedAt.AddHours(1),
        };

        await store.Submissions.UpsertAsync(first, CancellationToken.None);
        var isNew = await store.Submissions.UpsertAsync(second, CancellationToken.None);

        Assert.False(isNew);
        var read = Assert.Single(await ExportAsync(store));
        Assert.Equal(second.Page, read.Page);
        Assert.Equal(second.ScrapedAt, read.ScrapedAt);
        Assert.Equal(first.ScrapedAt, read.FirstScrapedAt);
        Assert.Equal(2, read.ScrapeCount);
        Assert.Equal(1, await store.Submissions.CountAsync(null, CancellationToken.None));
    }

    [Fact]
    public async Task Upsert_EightProcessesWritingAtOnce_StoresEveryRow()
    {
        var stores = await StoresOnOneDatabaseAsync(8);
        var start = new TaskCompletionSource();

        var writers = stores.Select((store, w) => Task.Run(async () =>
        {
            await start.Task;
            for (var i = 0; i < 25; i++)
            {
                // Half the ids are written by two writers: re-runs of one scrape.
                await store.Submissions.UpsertAsync(Make($"w{w}i{i}"), CancellationToken.None);
                await store.Submissions.UpsertAsync(Make($"w{(w + 1) % 8}i{i}"), CancellationToken.None);
            }
        })).ToList();
        start.SetResult();
        await Task.WhenAll(writers);

        Assert.Equal(200, await stores[0].Submissions.CountAsync(null, CancellationToken.None));
        Assert.All(await ExportAsync(stores[0]), s => Assert.Equal(2, s.ScrapeCount));
    }

    // ---- count ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task Claim_StoredAmongMoreIdsThanOneStatementTakes_ClaimsAllTheOthers()
    {
        var store = await StoreAsync();
        await store.Submissions.UpsertAsync(Make("s1"), CancellationToken.None);
        await store.Submissions.UpsertAsync(Make("s2"), CancellationToken.None);
        // More ids than one statement takes.
        var unknown = Enumerable.Range(0, 1200).Select(i => "u" + i).ToList();
        var asked = unknown.Append("s1").Append("s2").Append("s1").ToList();

        var claimed = await store.Ledger.ClaimAsync("rstats", asked, "run-1", Now, StaleAfter, CancellationToken.None);

        Assert.Equal(unknown, claimed);
    }

    [Fact]
    public async Task Count_BySubreddit_CountsThatSubredditWhateverTheCase()
    {
        var store = await StoreAsync();
        await store.Submissions.UpsertAsync(Make("c1", "China_irl"), CancellationToken.None);
        await store.Submissions.UpsertAsync(Make("c2", "China_irl"), CancellationToken.None);
        await store.Submissions.UpsertAsync(Make("r1", "rstats"), CancellationToken.None);

        Assert.Equal(2, await store.Submissions.CountAsync("china_IRL", CancellationToken.None));
        Assert.Equal(1, await store.Submissions.CountAsync("rstats", CancellationToken.None));
        Assert.Equal(0, await store.Submissions.CountAsync("python", CancellationToken.None));
        Assert.Equal(3, await store.Submissions.CountAsync(null, CancellationToken.None));
    }

    // ---- claims --------------------------------------------------------------------------------------------

    [Fact]
    public async Task Claim_NewIds_ClaimsThemInTheOrderGiven()
    {
        var store = await StoreAsync();

        var claimed = await store.Ledger.ClaimAsync("rstats", ["c3", "a1", "b2", "a1"], "run-1", Now, StaleAfter, CancellationToken.None);

        Assert.Equal(["c3", "a1", "b2"], claimed);
    }

    [Fact]
    public async Task Claim_StoredIds_AreNeverClaimed()
    {
        var store = await StoreAsync();
        await store.Submissions.UpsertAsync(Make("s1"), CancellationToken.None);

        var claimed = await store.Ledger.ClaimAsync("rstats", ["s1", "n1"], "run-1", Now, StaleAfter, CancellationToken.None);
        var muchLater = await store.Ledger.ClaimAsync("rstats", ["s1"], "run-1", Now.AddDays(30), StaleAfter, CancellationToken.None);

        Assert.Equal(["n1"], claimed);
        Assert.Empty(muchLater);
    }

    [Fact]
    public async Task Claim_IdClaimedWithinStaleAfter_IsNotClaimedAgain()
    {
        var store = await StoreAsync();
        await store.Ledger.ClaimAsync("rstats", ["x1"], "run-1", Now, StaleAfter, CancellationToken.None);

        // Exactly StaleAfter old is not older than StaleAfter.
        var again = await store.Ledger.ClaimAsync("rstats", ["x1", "x2"], "run-2", Now + StaleAfter, StaleAfter, CancellationToken.None);

        Assert.Equal(["x2"], again);
    }

    [Fact]
    public async Task Claim_ClaimOlderThanStaleAfter_IsClaimedAgainOnce()
    {
        var store = await StoreAsync();
        await store.Ledger.ClaimAsync("rstats", ["x1"], "run-1", Now, StaleAfter, CancellationToken.None);
        var later = Now + StaleAfter + TimeSpan.FromMilliseconds(1);

        var reclaimed = await store.Ledger.ClaimAsync("rstats", ["x1"], "run-2", later, StaleAfter, CancellationToken.None);
        var thenAgain = await store.Ledger.ClaimAsync("rstats", ["x1"], "run-3", later, StaleAfter, CancellationToken.None);

        Assert.Equal(["x1"], reclaimed);
        Assert.Empty(thenAgain);
    }

    [Fact]
    public async Task Claim_SameClaimantAgain_GetsItsOwnFreshClaimsBack()
    {
        // A discovery job killed after claiming and run again by Hangfire (same job id) must still enqueue them.
        var store = await StoreAsync();
        await store.Ledger.ClaimAsync("rstats", ["x1", "x2"], "job-7", Now, StaleAfter, CancellationToken.None);

        var rerun = await store.Ledger.ClaimAsync("rstats", ["x1", "x2", "x3"], "job-7", Now.AddSeconds(5), StaleAfter, CancellationToken.None);
        var other = await store.Ledger.ClaimAsync("rstats", ["x1", "x2", "x3"], "job-8", Now.AddSeconds(6), StaleAfter, CancellationToken.None);

        Assert.Equal(["x1", "x2", "x3"], rerun);
        Assert.Empty(other);
    }

    [Fact]
    public async Task Claim_EightProcessesWithOverlappingIds_ClaimEachIdExactlyOnce()
    {
        var stores = await StoresOnOneDatabaseAsync(8);
        await stores[0].Submissions.UpsertAsync(Make("id7"), CancellationToken.None);
        await stores[0].Submissions.UpsertAsync(Make("id77"), CancellationToken.None);
        var all = Enumerable.Range(0, 300).Select(i => "id" + i).ToList();
        var start = new TaskCompletionSource();

        var claimers = stores.Select((store, k) => Task.Run(async () =>
        {
            // Each process sees two thirds of the ids, in an order of its own.
            var mine = all.Where((_, i) => (i + k) % 3 != 0).OrderBy(_ => Random.Shared.Next()).ToList();
            await start.Task;
            var claimed = new List<string>();
            foreach (var page in mine.Chunk(25))
            {
                claimed.AddRange(await store.Ledger.ClaimAsync("rstats", page, "process-" + k, Now, StaleAfter, CancellationToken.None));
            }

            return claimed;
        })).ToList();
        start.SetResult();
        var claims = (await Task.WhenAll(claimers)).SelectMany(c => c).ToList();

        Assert.Equal(claims.Count, claims.Distinct().Count());
        Assert.Equal(all.Except(["id7", "id77"]).Order(StringComparer.Ordinal), claims.Order(StringComparer.Ordinal));
    }

    // ---- watermarks ----------------------------------------------------------------------------------------

    [Fact]
    public async Task GetPaces_RateWatermarkAndPlannedTimeKept_ReturnsEachSubredditOnceWithWhatItHas()
    {
        var store = await StoreAsync();
        var rate = PostingRate.Prior(Now).Observe(3, Now.AddHours(1));
        await store.Ledger.SetWatermarkAsync("Alpha", new Watermark(Now), CancellationToken.None);
        await store.Ledger.SetPostingRateAsync("alpha", rate, CancellationToken.None);
        await store.Ledger.MarkPlannedAsync(["alpha", "Bravo"], Now.AddHours(2), CancellationToken.None);
        await store.Ledger.SetWatermarkAsync("charlie", new Watermark(Now.AddMinutes(5)), CancellationToken.None);

        var paces = await store.Ledger.GetPacesAsync(CancellationToken.None);

        Assert.Equal(["alpha", "bravo", "charlie"], paces.Select(p => p.Subreddit));
        var alpha = paces[0];
        AssertWatermark(Now, alpha.Watermark);
        Assert.Equal(rate.PostsPerHour, alpha.Rate!.PostsPerHour, 9);
        Assert.Equal(rate.Updated, alpha.Rate.Updated);
        Assert.Equal(Now.AddHours(2), alpha.Planned);
        // Planned before its first read: no rate yet (the planner assumes the prior).
        Assert.Equal((null, null), (paces[1].Watermark, paces[1].Rate));
        Assert.Equal(Now.AddHours(2), paces[1].Planned);
        Assert.Equal((null, null), (paces[2].Rate, paces[2].Planned));
    }

    [Fact]
    public async Task GetWatermark_NeverSet_ReturnsNull()
    {
        var store = await StoreAsync();

        Assert.Null(await store.Ledger.GetWatermarkAsync("rstats", CancellationToken.None));
    }

    [Fact]
    public async Task SetWatermark_OlderTime_LeavesTheWatermark()
    {
        var store = await StoreAsync();
        await store.Ledger.SetWatermarkAsync("rstats", new Watermark(Now), CancellationToken.None);

        await store.Ledger.SetWatermarkAsync("rstats", new Watermark(Now.AddMilliseconds(-1)), CancellationToken.None);

        AssertWatermark(Now, await store.Ledger.GetWatermarkAsync("rstats", CancellationToken.None));
    }

    [Fact]
    public async Task SetWatermark_SameTimeWhateverTheCase_KeepsTheTime()
    {
        var store = await StoreAsync();
        await store.Ledger.SetWatermarkAsync("rstats", new Watermark(Now), CancellationToken.None);

        await store.Ledger.SetWatermarkAsync("RSTATS", new Watermark(Now), CancellationToken.None);

        AssertWatermark(Now, await store.Ledger.GetWatermarkAsync("rstats", CancellationToken.None));
    }

    [Fact]
    public async Task SetWatermark_NewerTime_ReplacesTheTime()
    {
        var store = await StoreAsync();
        await store.Ledger.SetWatermarkAsync("rstats", new Watermark(Now), CancellationToken.None);

        await store.Ledger.SetWatermarkAsync("rstats", new Watermark(Now.AddMilliseconds(1)), CancellationToken.None);

        AssertWatermark(Now.AddMilliseconds(1), await store.Ledger.GetWatermarkAsync("rstats", CancellationToken.None));
    }

    [Fact]
    public async Task SetWatermark_OtherSubreddit_IsSeparate()
    {
        var store = await StoreAsync();
        await store.Ledger.SetWatermarkAsync("rstats", new Watermark(Now), CancellationToken.None);

        await store.Ledger.SetWatermarkAsync("python", new Watermark(Now.AddDays(-1)), CancellationToken.None);

        AssertWatermark(Now, await store.Ledger.GetWatermarkAsync("rstats", CancellationToken.None));
        AssertWatermark(Now.AddDays(-1), await store.Ledger.GetWatermarkAsync("python", CancellationToken.None));
    }

    [Fact]
    public async Task SetWatermark_EightProcessesAtOnce_EndsAtTheNewest()
    {
        var stores = await StoresOnOneDatabaseAsync(8);
        var start = new TaskCompletionSource();

        // Process k sets times Now-3s … Now (+k ms for k ≥ 6), each with an id of its own.
        var setters = stores.Select((store, k) => Task.Run(async () =>
        {
            await start.Task;
            for (var step = -3; step <= 0; step++)
            {
                var time = Now.AddSeconds(step).AddMilliseconds(step == 0 && k >= 6 ? 1 : 0);
                await store.Ledger.SetWatermarkAsync("rstats", new Watermark(time), CancellationToken.None);
            }
        })).ToList();
        start.SetResult();
        await Task.WhenAll(setters);

        AssertWatermark(Now.AddMilliseconds(1), await stores[0].Ledger.GetWatermarkAsync("rstats", CancellationToken.None));
    }

    // ---- export --------------------------------------------------------------------------------------------

    [Fact]
    public async Task Export_SubredditAndSince_StreamsTheMatchingOnesByCreatedTimeThenId()
    {
        var store = await StoreAsync();
        var t = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var s in new[]
        {
            Make("e5", "China_irl", t.AddMinutes(3)),
            Make("e2", "China_irl", t.AddMinutes(1)),
            Make("e4", "China_irl", t.AddMinutes(1)),
            Make("e3", "China_irl", t.AddMinutes(1)),
            Make("e1", "China_irl", t.AddMilliseconds(59_999)),
            Make("e0", "China_irl", t),
            Make("r1", "rstats", t.AddMinutes(2)),
        })
        {
            await store.Submissions.UpsertAsync(s, CancellationToken.None);
        }

        var exported = await ExportAsync(store, "china_irl", t.AddMinutes(1));

        Assert.Equal(["e2", "e3", "e4", "e5"], exported.Select(s => s.Page.Submission.Id));
    }

    [Fact]
    public async Task Export_NoFilter_StreamsEverySubmissionUndatedFirst()
    {
        var store = await StoreAsync();
        var t = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await store.Submissions.UpsertAsync(Make("b", "rstats", t.AddMinutes(1)), CancellationToken.None);
        await store.Submissions.UpsertAsync(Make("a", "python", t.AddMinutes(2)), CancellationToken.None);
        var undated = Make("z");
        await store.Submissions.UpsertAsync(undated with { Page = undated.Page with { Submission = undated.Page.Submission with { CreatedUtc = null } } }, CancellationToken.None);

        var all = await ExportAsync(store);
        var since = await ExportAsync(store, createdSince: t);

        Assert.Equal(["z", "b", "a"], all.Select(s => s.Page.Submission.Id));
        Assert.Equal(["b", "a"], since.Select(s => s.Page.Submission.Id));
    }

    [Fact]
    public async Task Export_WriterWhileReading_ReaderKeepsStreaming()
    {
        var store = await StoreAsync();
        for (var i = 0; i < 50; i++)
        {
            await store.Submissions.UpsertAsync(Make("s" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)), CancellationToken.None);
        }

        // The export holds one open reader; writes go on beside it (SQLite's WAL, PostgreSQL's MVCC).
        var read = 0;
        await foreach (var submission in store.Submissions.ExportAsync(null, null, CancellationToken.None))
        {
            if (read++ == 0)
            {
                await store.Submissions.UpsertAsync(Make("late"), CancellationToken.None);
            }
        }

        Assert.Equal(50, read);
        Assert.Equal(51, await store.Submissions.CountAsync(null, CancellationToken.None));
    }

    // ---- run ledger ----------------------------------------------------------------------------------------

    [Fact]
    public async Task RunLedger_PagesOfOneRun_AddUpAndFollowWhatBecameOfTheEnqueued()
    {
        var store = await StoreAsync();
        var claimed = await store.Ledger.ClaimAsync("rstats", ["a1", "a2", "a3", "a4"], "job-1", Now, StaleAfter, CancellationToken.None);
        await store.Ledger.RecordDiscoveryAsync(new DiscoveryTally("run-1", "rstats", Now, 5, 2, 3), ["a1", "a2"], CancellationToken.None);
        await store.Ledger.RecordDiscoveryAsync(new DiscoveryTally("run-1", "rstats", Now.AddMinutes(1), 4, 2, 2), ["a3", "a4"], CancellationToken.None);

        await store.Submissions.UpsertAsync(Make("a1"), CancellationToken.None);
        await store.Ledger.RecordScrapeFailureAsync("a2", "not_found", CancellationToken.None);
        await store.Ledger.RecordScrapeFailureAsync("a3", "transient_exhausted", CancellationToken.None);
        await store.Submissions.UpsertAsync(Make("a3"), CancellationToken.None); // a later scrape outweighs the failure

        var run = Assert.Single(await store.Ledger.GetRunLedgerAsync(Now.AddHours(-1), CancellationToken.None));
        Assert.Equal(4, claimed.Count);
        Assert.Equal(new RunLedger("run-1", "rstats", Now, 9, 4, 5, Scraped: 2, Failed: 1), run);
        Assert.Equal(1, run.Pending);
    }

    [Fact]
    public async Task RunLedger_ClaimTakenOverByALaterRun_CountsForTheLaterRunOnly()
    {
        var store = await StoreAsync();
        await store.Ledger.ClaimAsync("rstats", ["b1"], "job-1", Now, StaleAfter, CancellationToken.None);
        await store.Ledger.RecordDiscoveryAsync(new DiscoveryTally("run-1", "rstats", Now, 1, 1, 0), ["b1"], CancellationToken.None);
        await store.Ledger.RecordScrapeFailureAsync("b1", "transient_exhausted", CancellationToken.None);
        await store.Ledger.ClaimAsync("rstats", ["b1"], "job-2", Now + StaleAfter + StaleAfter, StaleAfter, CancellationToken.None);
        await store.Ledger.RecordDiscoveryAsync(new DiscoveryTally("run-2", "rstats", Now.AddMinutes(30), 1, 1, 0), ["b1"], CancellationToken.None);

        var runs = await store.Ledger.GetRunLedgerAsync(Now.AddHours(-1), CancellationToken.None);

        Assert.Equal(["run-1", "run-2"], runs.Select(r => r.Run));
        Assert.Equal((0, 0, 1), (runs[0].Scraped, runs[0].Failed, runs[0].Pending));
        Assert.Equal((0, 0, 1), (runs[1].Scraped, runs[1].Failed, runs[1].Pending));
    }

    [Fact]
    public async Task RunLedger_OnlyRunsStartedSinceTheGivenTime()
    {
        var store = await StoreAsync();
        await store.Ledger.RecordDiscoveryAsync(new DiscoveryTally("old", "rstats", Now.AddDays(-2), 0, 0, 0), [], CancellationToken.None);
        await store.Ledger.RecordDiscoveryAsync(new DiscoveryTally("new", "rstats", Now, 0, 0, 0), [], CancellationToken.None);

        var runs = await store.Ledger.GetRunLedgerAsync(Now.AddDays(-1), CancellationToken.None);

        Assert.Equal(["new"], runs.Select(r => r.Run));
    }

    [Fact]
    public async Task NewestCreated_IsTheLatestCreationTimeStoredInTheSubredditWhateverItsCase()
    {
        var store = await StoreAsync();
        await store.Submissions.UpsertAsync(Make("n1", "RStats", created: Now.AddHours(-3)), CancellationToken.None);
        await store.Submissions.UpsertAsync(Make("n2", "rstats", created: Now.AddHours(-1)), CancellationToken.None);
        await store.Submissions.UpsertAsync(Make("n3", "other", created: Now), CancellationToken.None);

        Assert.Equal(Now.AddHours(-1), await store.Submissions.GetNewestCreatedAsync("RSTATS", CancellationToken.None));
        Assert.Null(await store.Submissions.GetNewestCreatedAsync("empty", CancellationToken.None));
    }

    // ---- schema --------------------------------------------------------------------------------------------

    [Fact]
    public async Task Initialize_Twice_KeepsTheDataAndTheLatestVersion()
    {
        var store = await StoreAsync();
        await store.Submissions.UpsertAsync(Make("k1"), CancellationToken.None);

        await store.Submissions.InitializeAsync(CancellationToken.None);

        Assert.Equal(1, await store.Submissions.CountAsync(null, CancellationToken.None));
        Assert.Equal(ISubmissionStore.LatestSchemaVersion, await store.Submissions.SchemaVersionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Initialize_EightProcessesAtOnceOnAnEmptyDatabase_AllSucceed()
    {
        var stores = Enumerable.Range(0, 8).Select(_ => Open(_database)).ToList();
        var start = new TaskCompletionSource();

        var initializers = stores.Select(store => Task.Run(async () =>
        {
            await start.Task;
            await store.Submissions.InitializeAsync(CancellationToken.None);
        })).ToList();
        start.SetResult();
        await Task.WhenAll(initializers);

        Assert.Equal(ISubmissionStore.LatestSchemaVersion, await stores[0].Submissions.SchemaVersionAsync(CancellationToken.None));
        Assert.True(await stores[7].Submissions.UpsertAsync(Make("i1"), CancellationToken.None));
    }

    [Fact]
    public async Task Initialize_DatabaseOfVersion2_DropsWatermarkIdsAndKeepsTheData()
    {
        // The database a version-2 Scraper left: made with that version's DDL (released migrations are never
        // edited), with a watermark and its ids in it.
        var store = Open(_database);
        await using (var connection = await store.OpenConnectionAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync(SubmissionSql.CreateVersionTable);
            for (var version = 1; version <= 2; version++)
            {
                await connection.ExecuteAsync(SubmissionSql.Migrations[version - 1]);
                await connection.ExecuteAsync(SubmissionSql.RecordVersion, new { version });
            }

            await connection.ExecuteAsync(
                "INSERT INTO watermarks (subreddit, newest_created_utc_ms) VALUES ('rstats', @ms)", new { ms = Now.ToUnixTimeMilliseconds() });
            await connection.ExecuteAsync(
                "INSERT INTO watermark_ids (subreddit, id, created_utc_ms) VALUES ('rstats', 'w1', @ms)", new { ms = Now.ToUnixTimeMilliseconds() });

            // The row as version 2 wrote it: the columns of that day (later migrations added the rest).
            string[] later = ["removed_by", "first_seen_edited_at_ms", "first_seen_removed_at_ms", "content_erased"];
            var columns = SubmissionRow.Columns.Where(c => !later.Contains(c.Column)).ToList();
            await connection.ExecuteAsync(
                "INSERT INTO submissions (" + string.Join(", ", columns.Select(c => c.Column)) + ") VALUES ("
                + string.Join(", ", columns.Select(c => "@" + c.Property)) + ")",
                SubmissionRow.From(Make("v2")));
        }

        Assert.Equal(2, await store.Submissions.SchemaVersionAsync(CancellationToken.None));

        await store.Submissions.InitializeAsync(CancellationToken.None);
        // Every later migration applies too: the version-3 one is the one this test is about.
        Assert.InRange(ISubmissionStore.LatestSchemaVersion, 3, int.MaxValue);
        Assert.Equal(ISubmissionStore.LatestSchemaVersion, await store.Submissions.SchemaVersionAsync(CancellationToken.None));
        Assert.Equal(["v2"], (await ExportAsync(store)).Select(s => s.Page.Submission.Id));
        AssertWatermark(Now, await store.Ledger.GetWatermarkAsync("rstats", CancellationToken.None));
        await using (var connection = await store.OpenConnectionAsync(CancellationToken.None))
        {
            await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM watermark_ids"));
        }
    }

    [Fact]
    public async Task Initialize_SubmissionsTable_HasExactlyTheColumnsOfTheColumnMap()
    {
        var store = await StoreAsync();
        await using var connection = await store.OpenConnectionAsync(CancellationToken.None);
        await using var reader = await connection.ExecuteReaderAsync("SELECT * FROM submissions WHERE 1 = 0");

        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();

        Assert.Equal(SubmissionRow.Columns.Select(c => c.Column), columns);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private SqlStore Open(string connectionString)
    {
        var store = SubmissionStoreConnection.Create(connectionString);
        _stores.Add(store);
        return store;
    }

    private async Task<SqlStore> StoreAsync()
    {
        var store = Open(_database);
        await store.Submissions.InitializeAsync(CancellationToken.None);
        return store;
    }

    private async Task<List<SqlStore>> StoresOnOneDatabaseAsync(int count)
    {
        var stores = Enumerable.Range(0, count).Select(_ => Open(_database)).ToList();
        await stores[0].Submissions.InitializeAsync(CancellationToken.None);
        return stores;
    }

    private static async Task<List<StoredSubmission>> ExportAsync(
        SqlStore store, string? subreddit = null, DateTimeOffset? createdSince = null)
    {
        var list = new List<StoredSubmission>();
        await foreach (var submission in store.Submissions.ExportAsync(subreddit, createdSince, CancellationToken.None))
        {
            list.Add(submission);
        }

        return list;
    }

    private static void AssertSame(StoredSubmission expected, StoredSubmission actual)
    {
        // The submission first, so a failure names the record that differs. The comments are the store's other
        // table (compared by the tests of comments), what was first seen when the store's own.
        Assert.Equal(expected.Page.Submission, actual.Page.Submission);
        expected = expected with { Page = expected.Page with { Comments = actual.Page.Comments, MoreComments = actual.Page.MoreComments }, Seen = actual.Seen };
        Assert.Equal(expected.Page, actual.Page);
        Assert.Equal(expected, actual);
        // Beyond record equality: the exact URL text, and times in UTC.
        var (e, a) = (expected.Page.Submission, actual.Page.Submission);
        Assert.Equal(e.Permalink.OriginalString, a.Permalink.OriginalString);
        Assert.Equal(e.Url.OriginalString, a.Url.OriginalString);
        Assert.Equal(e.Thumbnail?.OriginalString, a.Thumbnail?.OriginalString);
        Assert.All(new[] { a.CreatedUtc, a.EditedUtc, actual.ScrapedAt, actual.FirstScrapedAt },
            time => Assert.True(time is null || time.Value.Offset == TimeSpan.Zero));
    }

    private static void AssertWatermark(DateTimeOffset newest, Watermark? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(newest, actual.NewestCreatedUtc);
    }
}
