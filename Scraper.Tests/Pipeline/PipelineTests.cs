using Scraper.Jobs.OldReddit;
using Scraper.Simulator;
using Scraper.Tests.Support;

namespace Scraper.Tests.Pipeline;

/// <summary>The whole pipeline on its embedded default (Hangfire in memory, SQLite) against the simulator.</summary>
[Collection("Pipeline")]
public class PipelineTests
{
    private static readonly string[] Subreddits = ["alpha", "bravo", "charlie", "delta", "echo"];

    [Fact]
    public async Task Pipeline_FiveSubredditsThenFortyNew_StoresEachExactlyOnceAndReadsOnePageWhereNothingIsNew()
    {
        var world = new SimulatedWorld(seed: 11);
        foreach (var subreddit in Subreddits)
        {
            world.AddSubreddit(subreddit, 300, TimeSpan.FromDays(3), stickied: 1);
        }

        await using var reddit = await SimulatedReddit.StartAsync(world);
        await using var pipeline = await PipelineHost.StartAsync(reddit.BaseUrl, Subreddits);

        await pipeline.DiscoverAndDrainAsync(Subreddits);

        Assert.Equal(0, pipeline.Failed);
        foreach (var subreddit in Subreddits)
        {
            Assert.Equal(world.AllIds(subreddit).Count, await pipeline.Store.CountAsync(subreddit, CancellationToken.None));
        }

        var stored = await pipeline.Store.ExportAsync(null, null, CancellationToken.None).ToListAsync();
        Assert.Equal(stored.Count, stored.Select(s => s.Page.Submission.Id).Distinct().Count());
        Assert.All(stored, s => Assert.Equal(1, s.ScrapeCount));
        Assert.All(stored, s => Assert.Equal(world.ExpectedPage(s.Page.Submission.Id, reddit.BaseUrl), s.Page));

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
        var watermark = await pipeline.Store.GetWatermarkAsync("busy", CancellationToken.None);
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
        Assert.Null(await pipeline.Store.GetWatermarkAsync("quiet", CancellationToken.None));
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
        Assert.NotNull(await pipeline.Store.GetWatermarkAsync("flood", CancellationToken.None));
    }
}

