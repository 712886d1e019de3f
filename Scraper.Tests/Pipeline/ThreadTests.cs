using System.Linq.Expressions;
using Scraper.Jobs.Discovery;
using Scraper.Simulator;
using Scraper.Tests.Support;

namespace Scraper.Tests.Pipeline;

/// <summary>"continue this thread": replies deeper than a page renders, followed through the pipeline as
/// Scraper:ContinueThreads allows, each page one request.</summary>
[Collection("Pipeline")]
public class ThreadTests
{
    private const string Subreddit = "deepthreads";

    [Theory]
    [InlineData(0, 10, 0)] // the default: the page's 10 levels, and the stub
    [InlineData(1, 19, 1)] // the tenth comment's thread: 9 more
    [InlineData(5, 25, 2)] // and the one that goes on from it, to the end; no more pages to ask for
    public async Task Scrape_ThreadDeeperThanThePage_StoresAsManyLevelsAsTheThreadPagesAllowed(int limit, int stored, int threadRequests)
    {
        var world = new SimulatedWorld(seed: 21) { ShowAds = false };
        world.AddSubreddit(Subreddit, 2, TimeSpan.FromHours(5));
        await using var reddit = await SimulatedReddit.StartAsync(world);
        await using var pipeline = await PipelineHost.StartAsync(reddit.BaseUrl, [Subreddit], new()
        {
            ["Scraper:ContinueThreads"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Scraper:Revisits"] = "",
        });
        var id = world.Post(Subreddit, 1)[0];
        world.Thread(id, comments: 25);
        var page = world.ExpectedPage(id, reddit.BaseUrl);

        await pipeline.RunAndDrainAsync<DiscoveryPlanJob>([(Expression<Func<DiscoveryPlanJob, Task>>)(j => j.PlanAsync(CancellationToken.None))]);

        var comments = await pipeline.Store.GetCommentsAsync(id, CancellationToken.None);
        Assert.Equal(stored, comments.Count);
        // One thread, each comment a level under the one before, at its depth in the whole tree.
        var byFullname = comments.ToDictionary(c => c.Comment.Fullname);
        Assert.Equal(Enumerable.Range(0, stored), comments.Select(c => c.Comment.Depth).Order());
        Assert.All(comments.Where(c => c.Comment.Depth > 0), c => Assert.Equal(c.Comment.Depth - 1, byFullname[c.Comment.ParentFullname].Comment.Depth));
        Assert.Equal("t3_" + id, Assert.Single(comments, c => c.Comment.Depth == 0).Comment.ParentFullname);
        Assert.Subset(comments.Select(c => c.Comment.Id).ToHashSet(), page.Comments.Select(c => c.Id).ToHashSet());
        // The submission's page once, then only the thread pages asked for.
        Assert.Equal(threadRequests, reddit.Requests.Requests.Count(r => r.Path.Contains("/comments/" + id + "/_/", StringComparison.Ordinal)));
        Assert.Equal(1 + threadRequests, reddit.Requests.Requests.Count(r => r.Path.Contains("/comments/" + id + "/", StringComparison.Ordinal)));
        Assert.Equal(0, pipeline.Failed);
    }
}
