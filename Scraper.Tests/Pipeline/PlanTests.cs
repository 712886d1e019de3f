using System.Linq.Expressions;
using Microsoft.Extensions.Logging;
using Scraper.Jobs.Discovery;
using Scraper.Simulator;
using Scraper.Tests.Support;

namespace Scraper.Tests.Pipeline;

/// <summary>The discovery plan run as the schedule runs it: which listings it reads, alone or combined, and what
/// ends up stored.</summary>
[Collection("Pipeline")]
public class PlanTests
{
    private static readonly string[] Quiet = ["alpha", "bravo", "charlie"];

    [Fact]
    public async Task Plan_NewSubreddits_BackfillsEachAloneThenWaitsForItsInterval()
    {
        await using var reddit = await SimulatedReddit.StartAsync(World());
        await using var pipeline = await PipelineHost.StartAsync(reddit.BaseUrl, Quiet);

        await PlanAndDrainAsync(pipeline);

        Assert.Equal(Quiet.Select(s => "/r/" + s + "/new/").Order(), ListingPaths(reddit).Order());
        foreach (var subreddit in Quiet)
        {
            Assert.Equal(reddit.World.AllIds(subreddit).Count, await pipeline.Store.CountAsync(subreddit, CancellationToken.None));
        }

        reddit.Requests.Clear();
        await PlanAndDrainAsync(pipeline);

        Assert.Empty(ListingPaths(reddit));
        Assert.Equal(0, pipeline.Failed);
    }

    [Fact]
    public async Task Plan_QuietSubredditsAfterTheirBackfill_ReadThroughOneCombinedListingToTheSameRecords()
    {
        await using var reddit = await SimulatedReddit.StartAsync(World());
        await using var pipeline = await PipelineHost.StartAsync(reddit.BaseUrl, Quiet);
        await PlanAndDrainAsync(pipeline);
        var before = await WatermarksAsync(pipeline);
        var posted = Quiet.ToDictionary(s => s, s => reddit.World.Post(s, 2));
        reddit.Requests.Clear();

        await MakeDueAsync(pipeline);
        await PlanAndDrainAsync(pipeline);

        // One request for the three, the group's members in any order; every new post stored once, in its own
        // subreddit; each member's watermark moved on.
        var path = Assert.Single(ListingPaths(reddit));
        Assert.Equal(Quiet.Order(), path["/r/".Length..^"/new/".Length].Split('+').Order());
        Assert.Equal(6, reddit.Requests.Count(RouteKind.Submission));
        foreach (var subreddit in Quiet)
        {
            Assert.Equal(reddit.World.AllIds(subreddit).Count, await pipeline.Store.CountAsync(subreddit, CancellationToken.None));
            Assert.All(posted[subreddit], id => Assert.Contains(id, reddit.World.AllIds(subreddit)));
        }

        var after = await WatermarksAsync(pipeline);
        Assert.All(Quiet, s => Assert.True(after[s] > before[s], s + "'s watermark did not move"));
        Assert.Equal(0, pipeline.Failed);
    }

    [Fact]
    public async Task Plan_GroupMemberBursts_ItLeavesTheGroupAtTheNextPlan()
    {
        await using var reddit = await SimulatedReddit.StartAsync(World());
        await using var pipeline = await PipelineHost.StartAsync(reddit.BaseUrl, Quiet);
        await PlanAndDrainAsync(pipeline);
        var grouped = (await pipeline.Get<DiscoveryPlanJob>().CurrentAsync(CancellationToken.None)).Plan;
        Assert.Contains(grouped.Reads, r => r.Members.Count == 3);

        reddit.World.Post("bravo", 150);
        await MakeDueAsync(pipeline);
        await PlanAndDrainAsync(pipeline);

        var plan = (await pipeline.Get<DiscoveryPlanJob>().CurrentAsync(CancellationToken.None)).Plan;
        Assert.Contains(plan.Reads, r => r.Members.SequenceEqual(["bravo"]));
        Assert.Contains(plan.Reads, r => r.Members.Order().SequenceEqual(["alpha", "charlie"]));
        Assert.Equal(reddit.World.AllIds("bravo").Count, await pipeline.Store.CountAsync("bravo", CancellationToken.None));
    }

    [Fact]
    public async Task Plan_BurstPastTheCombinedReach_SuspectsAGapOnceAndReadsEachMemberAlone()
    {
        await using var reddit = await SimulatedReddit.StartAsync(World());
        await using var pipeline = await PipelineHost.StartAsync(reddit.BaseUrl, Quiet);
        await PlanAndDrainAsync(pipeline);
        // More new posts across the group than its combined listing reaches back.
        reddit.World.Post("alpha", 600);
        reddit.World.Post("charlie", 600);
        reddit.Requests.Clear();

        await MakeDueAsync(pipeline);
        await PlanAndDrainAsync(pipeline);

        var gaps = pipeline.Logs.GetSnapshot().Where(r => r.Message.Contains("may have missed posts", StringComparison.Ordinal)).ToList();
        var gap = Assert.Single(gaps);
        Assert.Equal(LogLevel.Warning, gap.Level);
        Assert.Contains("+", gap.Message, StringComparison.Ordinal);
        Assert.Contains(ListingPaths(reddit), p => p == "/r/alpha/new/");
        Assert.Contains(ListingPaths(reddit), p => p == "/r/charlie/new/");
        foreach (var subreddit in Quiet)
        {
            Assert.Equal(reddit.World.AllIds(subreddit).Count, await pipeline.Store.CountAsync(subreddit, CancellationToken.None));
        }
    }

    private static SimulatedWorld World()
    {
        var world = new SimulatedWorld(seed: 41) { ShowAds = false };
        foreach (var subreddit in Quiet)
        {
            world.AddSubreddit(subreddit, 8, TimeSpan.FromHours(20));
        }

        return world;
    }

    private static Task PlanAndDrainAsync(PipelineHost pipeline) =>
        pipeline.RunAndDrainAsync<DiscoveryPlanJob>([(Expression<Func<DiscoveryPlanJob, Task>>)(j => j.PlanAsync(CancellationToken.None))]);

    /// <summary>As if the reads were planned two hours ago: every one is due.</summary>
    private static Task MakeDueAsync(PipelineHost pipeline) =>
        pipeline.Ledger.MarkPlannedAsync(Quiet, DateTimeOffset.UtcNow - TimeSpan.FromHours(2), CancellationToken.None);

    private static List<string> ListingPaths(SimulatedReddit reddit) =>
        [.. reddit.Requests.Requests.Where(r => r.Route == RouteKind.Listing).Select(r => r.Path.Split('?')[0])];

    private static async Task<Dictionary<string, DateTimeOffset>> WatermarksAsync(PipelineHost pipeline) =>
        (await pipeline.Ledger.GetPacesAsync(CancellationToken.None)).ToDictionary(p => p.Subreddit, p => p.Watermark!.NewestCreatedUtc);
}
