using System.Linq.Expressions;
using Scraper.Jobs.Discovery;
using Scraper.Jobs.OldReddit;
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
        Assert.Equal(0, await pipeline.Store.CountPendingRevisitsAsync(CancellationToken.None));
        Assert.Equal(0, pipeline.Failed);
        // Three visits of the one post, one listing read: nothing else asked reddit for it.
        Assert.Equal(3, reddit.Requests.Requests.Count(r => r.Route == RouteKind.Submission && r.Path.Contains(id, StringComparison.Ordinal)));
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
