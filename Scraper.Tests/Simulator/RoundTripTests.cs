using Microsoft.Extensions.Time.Testing;
using Scraper.Jobs.OldReddit;
using Scraper.Simulator;
using Scraper.Tests.Support;

namespace Scraper.Tests.Simulator;

/// <summary>What the simulator serves is what the parsers read: every field of every thing, on every listing page
/// and every submission page, equals what the world holds.</summary>
public class RoundTripTests
{
    private static readonly DateTimeOffset Start = new(2025, 5, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Subreddits = ["rstats", "China_irl", "ProgrammerHumor"];

    [Fact]
    public async Task Pages_EverySubmissionOfThreeSubreddits_ParseToExactlyWhatTheWorldHolds()
    {
        var world = new SimulatedWorld(seed: 42, new FakeTimeProvider(Start));
        foreach (var name in Subreddits)
        {
            world.AddSubreddit(name, 150, TimeSpan.FromDays(3), stickied: 2);
        }

        // Some of each kind of change, and one over-18 subreddit read with the gate's cookie.
        var ids = world.AllIds("rstats");
        world.Delete(ids[3]);
        world.Delete(ids[40]);
        world.Remove(ids[7]);
        world.Remove(ids[90]);
        world.Delete(world.AllIds("China_irl")[5]);
        world.Remove(world.AllIds("China_irl")[6]);
        world.MarkNsfw("ProgrammerHumor");
        world.Post("rstats", 3);

        await using var reddit = await SimulatedReddit.StartAsync(world);
        using var client = new SimulatorClient(reddit, cookie: "over18=1");
        var seen = new List<Submission>();
        foreach (var name in Subreddits)
        {
            var things = (await client.AllListingPagesAsync(name, limit: 100)).SelectMany(p => p.Things).ToList();
            foreach (var thing in things)
            {
                Assert.Equal(world.Expected(thing.Id, reddit.BaseUrl), thing);
            }

            Assert.Equal(
                world.StickiedIds(name).Concat(world.ListedIds(name)),
                things.Where(t => !t.IsPromoted).Select(t => t.Id));
            seen.AddRange(things);

            foreach (var id in world.AllIds(name))
            {
                var expected = world.ExpectedPage(id, reddit.BaseUrl);
                var page = await client.SubmissionAsync(expected.Submission.Permalink.ToString());
                Assert.True(page.Kind == PageKind.Submission, id + ": " + page.Kind + " " + page.Reason);
                PageAssert.Equal(expected, page.Page);
            }
        }

        // The world's mix reached the pages: each flag and kind was read at least once.
        Assert.Contains(seen, t => t.IsPromoted);
        Assert.Contains(seen, t => t.IsStickied);
        Assert.Contains(seen, t => t.IsGallery);
        Assert.Contains(seen, t => t.IsVideo);
        Assert.Contains(seen, t => t.IsSelf);
        Assert.Contains(seen, t => t.IsNsfw);
        Assert.Contains(seen, t => t.IsSpoiler);
        Assert.Contains(seen, t => t.IsLocked);
        Assert.Contains(seen, t => t.IsOriginalContent);
        Assert.Contains(seen, t => t.EditedUtc is not null);
        Assert.Contains(seen, t => t.Thumbnail is not null);
        Assert.Contains(seen, t => t.LinkFlair?.EmojiCode is not null);
        Assert.Contains(seen, t => t.AuthorFlair is not null);
        Assert.Contains(seen, t => t.Score >= 10_000);
        Assert.Contains(seen, t => t.Title.Any(c => c > 127));
        Assert.Contains(seen, t => t.Title.Contains('&', StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pages_SubmissionComments_ParseToTheWorldsCommentsFieldByField()
    {
        var world = new SimulatedWorld(seed: 8, new FakeTimeProvider(Start));
        world.AddSubreddit("rstats", 40, TimeSpan.FromDays(2));
        await using var reddit = await SimulatedReddit.StartAsync(world);
        using var client = new SimulatorClient(reddit);
        var commented = world.AllIds("rstats")
            .Select(id => world.ExpectedPage(id, reddit.BaseUrl))
            .Where(p => p.Comments.Count > 0)
            .ToList();

        // Not vacuous: pages with comments, one with the most the simulator renders, replies two levels deep.
        Assert.NotEmpty(commented);
        Assert.Contains(commented, p => p.Comments.Count == 6);
        Assert.Contains(commented, p => p.Comments.Any(c => c.Depth >= 2));
        foreach (var expected in commented)
        {
            var page = (await client.SubmissionAsync(expected.Submission.Permalink.ToString())).Page;
            Assert.NotNull(page);
            Assert.Equal(expected.Comments.Count, page.CommentsRendered);
            Assert.Equal(
                expected.Comments.Select(c => (c.Id, c.ParentFullname, c.Depth, c.Author, c.Score, c.BodyText, c.BodyHtml, c.CreatedUtc)),
                page.Comments.Select(c => (c.Id, c.ParentFullname, c.Depth, c.Author, c.Score, c.BodyText, c.BodyHtml, c.CreatedUtc)));
            // Each replies to the post or to the comment just before it, one level deeper.
            for (var i = 0; i < page.Comments.Count; i++)
            {
                var c = page.Comments[i];
                Assert.True(
                    (c.ParentFullname == "t3_" + expected.Submission.Id && c.Depth == 0)
                    || (i > 0 && c.ParentFullname == page.Comments[i - 1].Fullname && c.Depth == page.Comments[i - 1].Depth + 1),
                    c.Id);
            }

            Assert.Empty(page.MoreComments);
        }
    }

    [Fact]
    public async Task Pages_ThreadDeeperThanAPage_EndInContinueThisThreadWhosePagesGoOnUntilTheEnd()
    {
        var world = new SimulatedWorld(seed: 8, new FakeTimeProvider(Start));
        world.AddSubreddit("rstats", 3);
        var id = world.AllIds("rstats")[0];
        world.Thread(id, comments: 25);
        await using var reddit = await SimulatedReddit.StartAsync(world);
        using var client = new SimulatorClient(reddit);
        var expected = world.ExpectedPage(id, reddit.BaseUrl);

        var page = (await client.SubmissionAsync(expected.Submission.Permalink.ToString())).Page!;

        // Depths 0–9 on the submission's page, then the link to the tenth comment's thread.
        PageAssert.Equal(expected, page);
        Assert.Equal(Enumerable.Range(0, 10), page.Comments.Select(c => c.Depth));
        var stub = Assert.Single(page.MoreComments);
        Assert.Equal((MoreCommentsKind.ContinueThread, page.Comments[9].Fullname, 10), (stub.Kind, stub.ParentFullname, stub.Depth));

        // Each thread page: its comment at the top, nine replies under it, and on until the 25th comment.
        var seen = page.Comments.Select(c => c.Id).ToList();
        for (var next = stub; next is not null;)
        {
            var anchor = next.ParentFullname["t1_".Length..];
            var thread = (await client.SubmissionAsync(next.Link!.ToString())).Page!;
            PageAssert.Equal(world.ExpectedThreadPage(id, anchor, reddit.BaseUrl), thread);
            Assert.Equal(anchor, thread.Comments[0].Id);
            Assert.Equal("t3_" + id, thread.Comments[0].ParentFullname);
            seen.AddRange(thread.Comments.Skip(1).Select(c => c.Id));
            next = thread.MoreComments.SingleOrDefault();
        }

        Assert.Equal(25, seen.Distinct().Count());
        Assert.Equal(25, seen.Count);
    }

    [Fact]
    public async Task Pages_DeletedAndRemovedSubmissions_ShowTheirStateOnTheirOwnPage()
    {
        var world = new SimulatedWorld(seed: 3, new FakeTimeProvider(Start));
        world.AddSubreddit("rstats", 80);
        var self = world.AllIds("rstats").Where(id => world.Expected(id, new Uri("http://x/")).IsSelf).ToList();
        world.Delete(self[0]);
        world.Remove(self[1]);
        await using var reddit = await SimulatedReddit.StartAsync(world);
        using var client = new SimulatorClient(reddit);

        var deleted = (await client.SubmissionAsync(world.Expected(self[0], reddit.BaseUrl).Permalink.ToString())).Page!;
        var removed = (await client.SubmissionAsync(world.Expected(self[1], reddit.BaseUrl).Permalink.ToString())).Page!;

        Assert.Equal(RemovalState.Deleted, deleted.RemovalState);
        Assert.Null(deleted.Submission.Author);
        Assert.Equal("[deleted]", deleted.SelftextText);
        Assert.Equal(RemovalState.Removed, removed.RemovalState);
        Assert.Equal("[removed]", removed.SelftextText);
        Assert.NotNull(removed.Submission.Author);
    }

    [Fact]
    public void World_SameSeedAndClock_IsTheSameWorld()
    {
        var site = new Uri("http://127.0.0.1:1/");
        var first = new SimulatedWorld(seed: 9, new FakeTimeProvider(Start));
        var second = new SimulatedWorld(seed: 9, new FakeTimeProvider(Start));
        first.AddSubreddit("rstats", 50, stickied: 1);
        second.AddSubreddit("rstats", 50, stickied: 1);

        Assert.Equal(first.AllIds("rstats"), second.AllIds("rstats"));
        var ids = first.AllIds("rstats");
        Assert.All(ids, id => PageAssert.Equal(first.ExpectedPage(id, site), second.ExpectedPage(id, site)));
    }

    [Fact]
    public void World_AddSubreddit_SpreadsCreationTimesOverThePastWithIdsGrowingWithTime()
    {
        var site = new Uri("http://127.0.0.1:1/");
        var world = new SimulatedWorld(seed: 5, new FakeTimeProvider(Start));
        world.AddSubreddit("rstats", 200, TimeSpan.FromDays(2));

        var posts = world.AllIds("rstats").Select(id => world.Expected(id, site)).ToList();

        Assert.All(posts, p => Assert.InRange(p.CreatedUtc!.Value, Start.AddDays(-2), Start));
        Assert.All(posts, p => Assert.Equal(0, p.CreatedUtc!.Value.Millisecond));
        Assert.True(posts.Max(p => p.CreatedUtc) - posts.Min(p => p.CreatedUtc) > TimeSpan.FromDays(1.5));
        Assert.Equal(posts.OrderByDescending(p => p.CreatedUtc), posts);
        Assert.Equal(posts.OrderByDescending(p => p.Id.Length).ThenByDescending(p => p.Id, StringComparer.Ordinal), posts);
    }
}
