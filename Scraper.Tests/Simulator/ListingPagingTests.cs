using Microsoft.Extensions.Time.Testing;
using Scraper.Jobs.OldReddit;
using Scraper.Simulator;

namespace Scraper.Tests.Simulator;

/// <summary>/r/{sub}/new/ pages the way reddit's does: by cursor, newest first, at most 1000 deep.</summary>
public class ListingPagingTests
{
    private static readonly DateTimeOffset Start = SimulatorHarness.Start;

    [Fact]
    public async Task Listing_LimitGiven_ServesThatManyAndKeepsTheLimitInTheNextLink()
    {
        await using var harness = await SimulatorHarness.StartAsync(submissions: 60);

        var page = (await harness.Client.ListingAsync("r/rstats/new/?limit=10")).Page!;

        Assert.Equal(harness.World.ListedIds("rstats").Take(10), page.Submissions.Select(s => s.Id));
        Assert.Equal(new Uri(harness.Reddit.BaseUrl, "r/rstats/new/?limit=10&count=10&after=t3_" + page.Submissions.Last().Id), page.NextPage);
        Assert.Equal("t3_" + page.Submissions.Last().Id, page.After);
    }

    [Theory]
    [InlineData("", 25)]
    [InlineData("?limit=0", 25)]
    [InlineData("?limit=abc", 25)]
    [InlineData("?limit=100", 100)]
    [InlineData("?limit=500", 100)]
    public async Task Listing_Limit_DefaultsTo25AndIsCappedAt100(string query, int expected)
    {
        await using var harness = await SimulatorHarness.StartAsync(submissions: 150);

        var page = (await harness.Client.ListingAsync("r/rstats/new/" + query)).Page!;

        Assert.Equal(expected, page.Submissions.Count());
    }

    [Fact]
    public async Task Listing_CountAndAfter_ContinueRightAfterTheCursorAndCountOn()
    {
        await using var harness = await SimulatorHarness.StartAsync(submissions: 60);
        var ids = harness.World.ListedIds("rstats");

        var second = (await harness.Client.ListingAsync("r/rstats/new/?count=25&after=t3_" + ids[24])).Page!;

        Assert.Equal(ids.Skip(25).Take(25), second.Submissions.Select(s => s.Id));
        Assert.Equal(new Uri(harness.Reddit.BaseUrl, "r/rstats/new/?count=50&after=t3_" + ids[49]), second.NextPage);
    }

    [Fact]
    public async Task Listing_LastPage_HasNoNextLink()
    {
        await using var harness = await SimulatorHarness.StartAsync(submissions: 60);
        var ids = harness.World.ListedIds("rstats");

        var last = (await harness.Client.ListingAsync("r/rstats/new/?count=50&after=t3_" + ids[49])).Page!;

        Assert.Equal(ids.Skip(50), last.Submissions.Select(s => s.Id));
        Assert.Null(last.NextPage);
        Assert.Null(last.After);
    }

    [Fact]
    public async Task Listing_PagedToTheEnd_StopsAtTheThousandthPost()
    {
        await using var harness = await SimulatorHarness.StartAsync(submissions: 1100);

        var pages = await harness.Client.AllListingPagesAsync("rstats", limit: 100);

        Assert.Equal(10, pages.Count);
        Assert.Equal(harness.World.ListedIds("rstats").Take(1000), pages.SelectMany(p => p.Submissions).Select(s => s.Id));
        Assert.Null(pages[^1].NextPage);
        var beyond = await harness.Client.ListingAsync("r/rstats/new/?count=1000&after=t3_" + harness.World.ListedIds("rstats")[999]);
        Assert.Equal(PageKind.EmptyListing, beyond.Kind);
    }

    [Fact]
    public async Task Listing_PostArrivesBetweenPageReads_NextPageByCursorIsNotShifted()
    {
        await using var harness = await SimulatorHarness.StartAsync(submissions: 60);
        var before = harness.World.ListedIds("rstats");

        var first = (await harness.Client.ListingAsync("r/rstats/new/")).Page!;
        var fresh = harness.World.Post("rstats")[0];
        var second = (await harness.Client.ListingAsync(first.NextPage!.ToString())).Page!;

        // reddit pages by cursor, not by offset: a new post at the top moves nothing below the cursor, so nothing
        // repeats and nothing is skipped. The new post is seen only by reading the first page again.
        Assert.Equal(before.Skip(25).Take(25), second.Submissions.Select(s => s.Id));
        Assert.Equal(fresh, harness.World.ListedIds("rstats")[0]);
    }

    [Fact]
    public async Task Listing_PostArrivesAndFirstPageIsReadAgain_ItsOldLastPostOpensTheNextPage()
    {
        await using var harness = await SimulatorHarness.StartAsync(submissions: 60);

        var first = (await harness.Client.ListingAsync("r/rstats/new/")).Page!;
        var fresh = harness.World.Post("rstats")[0];
        var reread = (await harness.Client.ListingAsync("r/rstats/new/")).Page!;
        var next = (await harness.Client.ListingAsync(reread.NextPage!.ToString())).Page!;

        // The listing shifted down by one: the new post leads page 1, and the post that ended page 1 before
        // now opens page 2, which a poller that re-reads page 1 sees again.
        Assert.Equal(fresh, reread.Submissions.First().Id);
        Assert.Equal(first.Submissions.Take(24).Select(s => s.Id), reread.Submissions.Skip(1).Select(s => s.Id));
        Assert.Equal(first.Submissions.Last().Id, next.Submissions.First().Id);
    }

    [Fact]
    public async Task Listing_DeletedAndRemovedPosts_LeaveTheListingAndTheirCursorStillWorks()
    {
        await using var harness = await SimulatorHarness.StartAsync(submissions: 60);
        var ids = harness.World.ListedIds("rstats");

        harness.World.Delete(ids[1]);
        harness.World.Remove(ids[24]);
        var first = (await harness.Client.ListingAsync("r/rstats/new/")).Page!;
        var afterRemoved = (await harness.Client.ListingAsync("r/rstats/new/?count=25&after=t3_" + ids[24])).Page!;

        Assert.DoesNotContain(first.Submissions, s => s.Id == ids[1] || s.Id == ids[24]);
        Assert.Equal(ids[26], first.Submissions.Last().Id);
        Assert.Equal(ids.Skip(25).Take(25), afterRemoved.Submissions.Select(s => s.Id));
    }

    [Fact]
    public async Task Listing_StickiedPostsAndAds_StickiesOnlyOnTheFirstPageAndAdsNeverLast()
    {
        var world = new SimulatedWorld(seed: 11, new FakeTimeProvider(Start));
        world.AddSubreddit("rstats", 80, stickied: 2);
        await using var reddit = await SimulatedReddit.StartAsync(world);
        using var client = new SimulatorClient(reddit);

        var first = (await client.ListingAsync("r/rstats/new/")).Page!;
        var second = (await client.ListingAsync(first.NextPage!.ToString())).Page!;

        Assert.Equal(world.StickiedIds("rstats"), first.Things.Where(t => t.IsStickied).Select(t => t.Id));
        Assert.Equal(world.StickiedIds("rstats"), first.Things.Take(2).Select(t => t.Id));
        Assert.DoesNotContain(second.Things, t => t.IsStickied);
        Assert.Equal(27, first.Submissions.Count());
        Assert.Equal(2, first.Ads.Count());
        Assert.Equal(2, second.Ads.Count());
        Assert.All(first.Ads.Concat(second.Ads), ad => Assert.Contains(ad.Id, world.AdIds));
        Assert.False(first.Things[^1].IsPromoted);
        Assert.Equal(world.ListedIds("rstats").Skip(25).Take(25), second.Submissions.Select(s => s.Id));
    }

    [Fact]
    public async Task Listing_UnknownCursor_IsAnEmptyListing()
    {
        await using var harness = await SimulatorHarness.StartAsync(submissions: 10);

        var result = await harness.Client.ListingAsync("r/rstats/new/?after=t3_zzzzzzz");

        Assert.Equal(PageKind.EmptyListing, result.Kind);
        Assert.Empty(result.Page!.Things);
    }

    [Fact]
    public async Task World_PostEvery_PostsAsTheClockAdvances()
    {
        var time = new FakeTimeProvider(Start);
        var world = new SimulatedWorld(seed: 2, time);
        world.AddSubreddit("rstats", 5);

        using (world.PostEvery("rstats", TimeSpan.FromMinutes(1), count: 2))
        {
            time.Advance(TimeSpan.FromMinutes(3));
        }

        time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(11, world.ListedIds("rstats").Count);
        Assert.Equal(Start.AddMinutes(3), world.Expected(world.ListedIds("rstats")[0], new Uri("http://x/")).CreatedUtc);
    }
}
