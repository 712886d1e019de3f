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
}
