using System.Linq.Expressions;
using Hangfire;
using Scraper.Jobs.Discovery;
using Scraper.Jobs.OldReddit;
using Scraper.Jobs.Scraping;
using Scraper.Jobs.Storage;
using Scraper.Simulator;
using Scraper.Tests.Support;

namespace Scraper.Tests.Pipeline;

/// <summary>The life of a submission: visited again at its ages through the plan, each visit a snapshot, its edit
/// and deletion recorded, its text kept or erased as configured.</summary>
[Collection("Pipeline")]
public class RevisitTests
{
    private const string Subreddit = "lifecycle";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Revisits_APostThatChangesThenIsDeleted_HoldEachSnapshotAndKeepOrEraseItsText(bool keepDeleted)
    {
        var world = new SimulatedWorld(seed: 16) { ShowAds = false };
        world.AddSubreddit(Subreddit, 3, TimeSpan.FromHours(5));
        await using var reddit = await SimulatedReddit.StartAsync(world);
        await using var pipeline = await PipelineHost.StartAsync(reddit.BaseUrl, [Subreddit], new()
        {
            ["Scraper:Revisits"] = "4s, 8s",
            ["Scraper:KeepDeletedContent"] = keepDeleted ? "true" : "false",
        });
        // A self post among new ones, so that its author can edit its text.
        var id = world.Post(Subreddit, 12).First(i => world.ExpectedPage(i, reddit.BaseUrl).Submission.IsSelf);
        world.Evolve(id, score: 1, comments: 2, editedText: null);
        var created = world.ExpectedPage(id, reddit.BaseUrl).Submission.CreatedUtc!.Value;
        var firstText = world.ExpectedPage(id, reddit.BaseUrl).SelftextText;

        await PlanAndDrainAsync(pipeline);
        var commentsAtFirst = (await pipeline.Store.GetCommentsAsync(id, CancellationToken.None)).Count;
        world.Evolve(id, score: 40, comments: 6, editedText: "Edited: the answer was in the docs after all.");
        await Poll.UntilPassedAsync(created + TimeSpan.FromSeconds(4));
        await PlanAndDrainAsync(pipeline);
        var commentsAtFour = (await pipeline.Store.GetCommentsAsync(id, CancellationToken.None)).Count;
        world.Delete(id);
        await Poll.UntilPassedAsync(created + TimeSpan.FromSeconds(8));
        await PlanAndDrainAsync(pipeline);

        var snapshots = await pipeline.Store.GetSnapshotsAsync(id, CancellationToken.None);
        Assert.Equal([null, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)], snapshots.Select(s => s.RevisitAge));
        Assert.Equal([1L, 40L], snapshots.Take(2).Select(s => s.Score));
        Assert.Equal([2, 6], snapshots.Take(2).Select(s => s.CommentCount));
        Assert.Equal([RemovalState.None, RemovalState.None, RemovalState.Deleted], snapshots.Select(s => s.RemovalState));
        Assert.Null(snapshots[0].EditedUtc);
        Assert.NotNull(snapshots[1].EditedUtc);
        Assert.True(commentsAtFour >= commentsAtFirst, "comments went from " + commentsAtFirst + " to " + commentsAtFour);

        var stored = await OneAsync(pipeline.Store.ExportAsync(Subreddit, created, CancellationToken.None), id);
        Assert.Equal(RemovalState.Deleted, stored.Page.RemovalState);
        Assert.Equal("deleted", stored.Seen!.RemovedBy);
        Assert.Equal(snapshots[1].VisitedAt, stored.Seen.FirstEdited);
        Assert.Equal(snapshots[2].VisitedAt, stored.Seen.FirstRemoved);
        Assert.NotEqual("Edited: the answer was in the docs after all.", firstText);
        Assert.Equal(keepDeleted ? "Edited: the answer was in the docs after all." : string.Empty, stored.Page.SelftextText);
        Assert.Equal(!keepDeleted, stored.Seen.ContentErased);
        Assert.Equal(keepDeleted, stored.Page.Submission.Author is not null);
        // The dump shows what the store holds.
        var dumped = System.Text.Json.JsonDocument.Parse(Scraper.Web.CommandLine.PushshiftDump.Line(stored)!).RootElement;
        // The dump shows an erased text as the dumps show a deletion.
        Assert.Equal(keepDeleted ? stored.Page.SelftextText : "[deleted]", dumped.GetProperty("selftext").GetString());
        Assert.Equal("deleted", dumped.GetProperty("removed_by_category").GetString());
        Assert.Equal(0, await pipeline.Store.CountPendingRevisitsAsync(CancellationToken.None));
        Assert.Equal(0, pipeline.Failed);
        // Three visits of the one post, one listing read: nothing else asked reddit for it.
        Assert.Equal(3, reddit.Requests.Requests.Count(r => r.Route == RouteKind.Submission && r.Path.Contains(id, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Revisit_HandedOutTwiceAfterAPause_VisitsOnceAndTheTwinAsksNothing()
    {
        var world = new SimulatedWorld(seed: 18) { ShowAds = false };
        await using var reddit = await SimulatedReddit.StartAsync(world);
        await using var pipeline = await StartWithDueRevisitsAsync(reddit, 1);
        var due = Assert.Single(await pipeline.Store.TakeDueRevisitsAsync(DateTimeOffset.UtcNow, 10, RevisitJob.Stale, CancellationToken.None));
        var job = pipeline.Get<RevisitJob>();

        await job.RevisitAsync(due.Subreddit, due.Id, due.Age, due.DueAt, CancellationToken.None);
        await job.RevisitAsync(due.Subreddit, due.Id, due.Age, due.DueAt, CancellationToken.None);

        Assert.Equal(1, reddit.Requests.Requests.Count(r => r.Route == RouteKind.Submission && r.Path.Contains(due.Id, StringComparison.Ordinal)));
        Assert.Equal(2, (await pipeline.Store.GetSnapshotsAsync(due.Id, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Plan_MoreRevisitsDueThanTheBudgetLeaves_EnqueuesOnlyWhatTheMinuteLeaves()
    {
        var world = new SimulatedWorld(seed: 17) { ShowAds = false };
        await using var reddit = await SimulatedReddit.StartAsync(world);
        await using var pipeline = await StartWithDueRevisitsAsync(reddit, 50);
        var monitoring = pipeline.Get<JobStorage>().GetMonitoringApi();

        await pipeline.Get<DiscoveryPlanJob>().PlanAsync(CancellationToken.None);

        // What the minute's budget leaves after the new posts the plan expects and its reads.
        var plan = (await pipeline.Get<DiscoveryPlanJob>().CurrentAsync(CancellationToken.None)).Plan;
        var room = (int)Math.Floor(plan.BudgetPerMinute - plan.ScrapePerMinute - plan.DiscoveryPerMinute);
        Assert.InRange(room, 1, 29);
        Assert.Equal(room, monitoring.EnqueuedCount(RevisitJob.Queue));
        Assert.Equal(50, await pipeline.Store.CountPendingRevisitsAsync(CancellationToken.None));

        // The next round finds its revisits still waiting and adds none.
        await pipeline.Get<DiscoveryPlanJob>().PlanAsync(CancellationToken.None);
        Assert.Equal(room, monitoring.EnqueuedCount(RevisitJob.Queue));
    }

    [Fact]
    public async Task Plan_RevisitsDueWhileAScrapeWaits_EnqueuesNone()
    {
        var world = new SimulatedWorld(seed: 17) { ShowAds = false };
        await using var reddit = await SimulatedReddit.StartAsync(world);
        await using var pipeline = await StartWithDueRevisitsAsync(reddit, 50);
        pipeline.Get<IBackgroundJobClient>().Enqueue<ScrapeJob>(j => j.ScrapeAsync(Subreddit, "waiting", null, CancellationToken.None));

        await pipeline.Get<DiscoveryPlanJob>().PlanAsync(CancellationToken.None);

        Assert.Equal(0, pipeline.Get<JobStorage>().GetMonitoringApi().EnqueuedCount(RevisitJob.Queue));
        Assert.Equal(1, pipeline.Get<JobStorage>().GetMonitoringApi().EnqueuedCount(ScrapeJob.Queue));
    }

    /// <summary>A pipeline without workers (what the plan enqueues stays in the queues, to be counted) at a budget of
    /// 30 requests a minute, whose store holds <paramref name="count"/> new posts with a revisit due.</summary>
    private static async Task<PipelineHost> StartWithDueRevisitsAsync(SimulatedReddit reddit, int count)
    {
        var world = reddit.World;
        world.AddSubreddit(Subreddit, 1, TimeSpan.FromHours(5));
        var pipeline = await PipelineHost.StartAsync(reddit.BaseUrl, [Subreddit], new()
        {
            ["Scraper:Role"] = "web",
            ["Reddit:RequestsPerMinute"] = "30",
        });
        var policy = new RecordPolicy(KeepDeletedContent: true, [TimeSpan.FromSeconds(2)]);
        var now = DateTimeOffset.UtcNow;
        foreach (var id in world.Post(Subreddit, count))
        {
            await pipeline.Store.UpsertAsync(new StoredSubmission(world.ExpectedPage(id, reddit.BaseUrl), now), policy, CancellationToken.None);
        }

        await pipeline.Ledger.SetWatermarkAsync(Subreddit, new Watermark(now), CancellationToken.None);
        await Poll.UntilPassedAsync(now + TimeSpan.FromSeconds(3));
        return pipeline;
    }

    private static Task PlanAndDrainAsync(PipelineHost pipeline) =>
        pipeline.RunAndDrainAsync<DiscoveryPlanJob>([(Expression<Func<DiscoveryPlanJob, Task>>)(j => j.PlanAsync(CancellationToken.None))]);

    private static async Task<StoredSubmission> OneAsync(IAsyncEnumerable<StoredSubmission> rows, string id)
    {
        var all = new List<StoredSubmission>();
        await foreach (var row in rows)
        {
            all.Add(row);
        }

        return Assert.Single(all, s => s.Page.Submission.Id == id);
    }
}
