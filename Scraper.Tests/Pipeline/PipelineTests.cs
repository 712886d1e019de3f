using Scraper.Jobs.Discovery;
using Scraper.Jobs.OldReddit;
using Scraper.Simulator;
using Scraper.Tests.Support;

namespace Scraper.Tests.Pipeline;

/// <summary>The whole pipeline on its embedded default (Hangfire in memory, SQLite) against the simulator.</summary>
[Collection("Pipeline")]
public class PipelineTests
{
    private static readonly string[] Subreddits = ["alpha", "bravo", "charlie", "delta", "echo"];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Pipeline_FiveSubredditsThenFortyNew_StoresEachExactlyOnceAndReadsOnePageWhereNothingIsNew(bool loggedIn)
    {
        var world = new SimulatedWorld(seed: 11);
        foreach (var subreddit in Subreddits)
        {
            world.AddSubreddit(subreddit, 300, TimeSpan.FromDays(3), stickied: 1);
        }

        await using var reddit = await SimulatedReddit.StartAsync(world);
        // Logged in: the wall is up, the session passes it, and logged-in pages read to the same records.
        if (loggedIn)
        {
            reddit.Session.Require("pipeline-tests-session");
        }

        await using var pipeline = await PipelineHost.StartAsync(
            reddit.BaseUrl, Subreddits, loggedIn ? new() { ["Reddit:SessionCookie"] = "pipeline-tests-session" } : null);

        await pipeline.DiscoverAndDrainAsync(Subreddits);

        Assert.Equal(0, pipeline.Failed);
        foreach (var subreddit in Subreddits)
        {
            Assert.Equal(world.AllIds(subreddit).Count, await pipeline.Store.CountAsync(subreddit, CancellationToken.None));
        }

        var stored = await pipeline.Store.ExportAsync(null, null, CancellationToken.None).ToListAsync();
        Assert.Equal(stored.Count, stored.Select(s => s.Page.Submission.Id).Distinct().Count());
        Assert.All(stored, s => Assert.Equal(1, s.ScrapeCount));
        // The store keeps no comments yet (the schema has their table; the store does not fill it): the page
        // without them. Once it does, compare the whole page with PageAssert.Equal.
        Assert.All(stored, s => Assert.Equal(
            world.ExpectedPage(s.Page.Submission.Id, reddit.BaseUrl) with { Comments = [], MoreComments = [] }, s.Page));

        // Forty new submissions in two subreddits; the other three have nothing new.
        var fresh = world.Post("alpha", 25).Concat(world.Post("bravo", 15)).ToList();
        reddit.Requests.Clear();

        await pipeline.DiscoverAndDrainAsync(Subreddits);

        var after = await pipeline.Store.ExportAsync(null, null, CancellationToken.None).ToListAsync();
        Assert.Equal(stored.Count + 40, after.Count);
        Assert.Equal(fresh.Order(StringComparer.Ordinal), after.Select(s => s.Page.Submission.Id).Except(stored.Select(s => s.Page.Submission.Id)).Order(StringComparer.Ordinal));
        Assert.Equal(40, reddit.Requests.Count(RouteKind.Submission));
        foreach (var quiet in new[] { "charlie", "delta", "echo" })
        {
            Assert.Equal(1, reddit.Requests.Requests.Count(r => r.Route == RouteKind.Listing && r.Path.StartsWith("/r/" + quiet + "/", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task Discovery_MoreNewThanMaxPagesPerRun_FollowUpRunsStoreTheRestAndNoneIsLost()
    {
        var world = new SimulatedWorld(seed: 12);
        world.AddSubreddit("busy", 250, TimeSpan.FromDays(2));
        await using var reddit = await SimulatedReddit.StartAsync(world);
        await using var pipeline = await PipelineHost.StartAsync(reddit.BaseUrl, ["busy"], new() { ["Scraper:MaxPagesPerRun"] = "1" });

        await pipeline.DiscoverAndDrainAsync(["busy"]);

        Assert.Equal(250, await pipeline.Store.CountAsync("busy", CancellationToken.None));
        // One page per run: the scheduled run and two follow-ups, each continuing from the last one's cursor.
        Assert.Equal(3, reddit.Requests.Count(RouteKind.Listing));
        var watermark = await pipeline.Ledger.GetWatermarkAsync("busy", CancellationToken.None);
        Assert.Equal(world.Expected(world.ListedIds("busy")[0], reddit.BaseUrl).CreatedUtc, watermark!.NewestCreatedUtc);
    }

    [Fact]
    public async Task Discovery_EmptySubreddit_StoresNothingFailsNothingAndSetsNoWatermark()
    {
        var world = new SimulatedWorld(seed: 13);
        world.AddSubreddit("quiet", 0);
        await using var reddit = await SimulatedReddit.StartAsync(world);
        await using var pipeline = await PipelineHost.StartAsync(reddit.BaseUrl, ["quiet"]);

        await pipeline.DiscoverAndDrainAsync(["quiet"]);

        Assert.Equal(0, pipeline.Failed);
        Assert.Equal(0, await pipeline.Store.CountAsync("quiet", CancellationToken.None));
        Assert.Null(await pipeline.Ledger.GetWatermarkAsync("quiet", CancellationToken.None));
        Assert.Equal(1, reddit.Requests.Total);
    }

    [Fact]
    public async Task Scrape_SubmissionDeletedAfterDiscovery_IsStoredAsDeleted()
    {
        var world = new SimulatedWorld(seed: 14);
        world.AddSubreddit("gone", 20, TimeSpan.FromDays(1));
        await using var reddit = await SimulatedReddit.StartAsync(world);
        await using var pipeline = await PipelineHost.StartAsync(reddit.BaseUrl, ["gone"]);
        var victim = world.ListedIds("gone")[5];
        world.Delete(victim);

        await pipeline.ScrapeAndDrainAsync("gone", victim);

        var stored = Assert.Single(await pipeline.Store.ExportAsync("gone", null, CancellationToken.None).ToListAsync());
        Assert.Equal(RemovalState.Deleted, stored.Page.RemovalState);
        Assert.Null(stored.Page.Submission.Author);
    }

    [Fact]
    public async Task Scrape_UnknownSubmission_FailsOnceWithoutRetries()
    {
        var world = new SimulatedWorld(seed: 15);
        world.AddSubreddit("real", 3);
        await using var reddit = await SimulatedReddit.StartAsync(world);
        await using var pipeline = await PipelineHost.StartAsync(reddit.BaseUrl, ["real"]);

        await pipeline.ScrapeAndDrainAsync("real", "zzzzzz");

        Assert.Equal(1, pipeline.Failed);
        Assert.Equal(1, reddit.Requests.Total);
    }

    [Fact]
    public async Task Discovery_MoreThanRedditsListingCap_StoresTheThousandListedAndCompletes()
    {
        // reddit's listings stop at ~1000 items: older submissions are out of reach of /new/, and the run must
        // end cleanly at the listing's end rather than fail or loop.
        var world = new SimulatedWorld(seed: 16) { ShowAds = false };
        world.AddSubreddit("flood", 1150, TimeSpan.FromDays(2));
        await using var reddit = await SimulatedReddit.StartAsync(world);
        await using var pipeline = await PipelineHost.StartAsync(reddit.BaseUrl, ["flood"]);

        await pipeline.DiscoverAndDrainAsync(["flood"]);

        Assert.Equal(0, pipeline.Failed);
        Assert.Equal(1000, await pipeline.Store.CountAsync("flood", CancellationToken.None));
        Assert.Equal(10, reddit.Requests.Count(RouteKind.Listing));
        Assert.NotNull(await pipeline.Ledger.GetWatermarkAsync("flood", CancellationToken.None));
    }

    [Fact]
    public async Task Discovery_CursorPostDeletedBetweenPages_LosesNothing()
    {
        var world = new SimulatedWorld(seed: 17) { ShowAds = false };
        world.AddSubreddit("shaky", 250, TimeSpan.FromDays(2));
        await using var reddit = await SimulatedReddit.StartAsync(world);
        await using var pipeline = await PipelineHost.StartAsync(reddit.BaseUrl, ["shaky"]);
        var cursor = world.ListedIds("shaky")[99];
        // Page 2 is answered a second after it is asked for; as soon as page 1 has gone out, the post it ended
        // with (page 2's "after" cursor) is deleted, so page 2 is made without it.
        reddit.Faults.Next(Fault.Slow(TimeSpan.Zero), route: RouteKind.Listing);
        reddit.Faults.Next(Fault.Slow(TimeSpan.FromSeconds(1)), route: RouteKind.Listing);
        var deleter = Task.Run(async () =>
        {
            await Poll.UntilAsync(
                () => reddit.Requests.Count(RouteKind.Listing) >= 1, TimeSpan.FromMinutes(1), () => "page 1 never went out", TimeSpan.FromMilliseconds(5));
            world.Delete(cursor);
        });

        await pipeline.DiscoverAndDrainAsync(["shaky"]);
        await deleter;

        Assert.Equal(0, pipeline.Failed);
        Assert.DoesNotContain(cursor, world.ListedIds("shaky"));
        // Every post is stored: the ones page 2 lists after the deleted cursor, and the deleted one itself (read
        // from page 1, and scraped before or after its deletion).
        var stored = await pipeline.Store.ExportAsync("shaky", null, CancellationToken.None).ToListAsync();
        Assert.Equal(world.AllIds("shaky").Order(StringComparer.Ordinal), stored.Select(s => s.Page.Submission.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Discovery_FollowUpWhoseCursorLeadsNowhere_KeepsTheWatermarkAndFailsNothing()
    {
        // reddit may answer an "after" whose post is gone with an empty page: that is not the listing's end.
        var world = new SimulatedWorld(seed: 18) { ShowAds = false };
        world.AddSubreddit("lost", 30, TimeSpan.FromDays(1));
        await using var reddit = await SimulatedReddit.StartAsync(world);
        await using var pipeline = await PipelineHost.StartAsync(reddit.BaseUrl, ["lost"]);
        var now = DateTimeOffset.UtcNow;

        await pipeline.RunAndDrainAsync<DiscoveryJob>(
            [j => j.ContinueAsync("lost", "t3_zzzzzzz", 100, now.AddDays(-7), now, "lost-run", null, CancellationToken.None)]);

        Assert.Equal(0, pipeline.Failed);
        Assert.Equal(1, reddit.Requests.Count(RouteKind.Listing));
        Assert.Null(await pipeline.Ledger.GetWatermarkAsync("lost", CancellationToken.None));
    }
}

