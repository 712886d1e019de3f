using System.Net;
using Scraper.Jobs.OldReddit;

namespace Scraper.Tests.Simulator;

/// <summary>The pages a scraper gets instead of the one it asked for: the over-18 gate, a private community, 404.</summary>
public class GatePageTests
{
    [Fact]
    public async Task Listing_NsfwSubredditWithoutTheCookie_ShowsTheOver18Gate()
    {
        await using var harness = await SimulatorHarness.StartAsync(world => world.MarkNsfw("rstats"));

        var (status, html, _) = await harness.Client.GetAsync("r/rstats/new/");
        var post = await harness.Client.SubmissionAsync(harness.PermalinkOf(harness.World.ListedIds("rstats")[0]));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(PageKind.Over18Gate, ListingParser.Parse(html, new Uri(harness.Reddit.BaseUrl, "r/rstats/new/")).Kind);
        Assert.Equal(PageKind.Over18Gate, post.Kind);
    }

    [Fact]
    public async Task Listing_NsfwSubredditWithTheCookie_ShowsTheListingWithNsfwPosts()
    {
        await using var harness = await SimulatorHarness.StartAsync(world => world.MarkNsfw("rstats"), cookie: "over18=1");

        var listing = await harness.Client.ListingAsync("r/rstats/new/");
        var post = await harness.Client.SubmissionAsync(harness.PermalinkOf(harness.World.ListedIds("rstats")[0]));

        Assert.Equal(PageKind.Listing, listing.Kind);
        Assert.All(listing.Page!.Submissions, s => Assert.True(s.IsNsfw));
        Assert.Equal(PageKind.Submission, post.Kind);
    }

    [Fact]
    public async Task Listing_PrivateSubreddit_Is403AndReadAsPrivate()
    {
        await using var harness = await SimulatorHarness.StartAsync(world => world.MakePrivate("rstats"));

        var (status, html, _) = await harness.Client.GetAsync("r/rstats/new/");
        var (postStatus, _, _) = await harness.Client.GetAsync(harness.PermalinkOf(harness.World.ListedIds("rstats")[0]));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(HttpStatusCode.Forbidden, postStatus);
        Assert.Equal(PageKind.PrivateSubreddit, ListingParser.Parse(html, new Uri(harness.Reddit.BaseUrl, "r/rstats/new/")).Kind);
    }

    [Theory]
    [InlineData("r/nosuchsub/new/")]
    [InlineData("r/rstats/comments/zzzzzzz/no_such_post/")]
    [InlineData("r/rstats/comments/zzzzzzz/")]
    [InlineData("r/rstats/")]
    [InlineData("r/rstats/top/")]
    [InlineData("user/someone/")]
    [InlineData("")]
    public async Task Get_UnknownSubredditPostOrPath_Is404AndReadAsNotFound(string path)
    {
        await using var harness = await SimulatorHarness.StartAsync();

        var (status, html, _) = await harness.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(PageKind.NotFound, ListingParser.Parse(html, new Uri(harness.Reddit.BaseUrl, path)).Kind);
        Assert.Equal(PageKind.NotFound, SubmissionPageParser.Parse(html, new Uri(harness.Reddit.BaseUrl, path)).Kind);
    }

    [Fact]
    public async Task Get_PostUnderAnotherSubreddit_Is404()
    {
        await using var harness = await SimulatorHarness.StartAsync(world => world.AddSubreddit("python", 5));
        var id = harness.World.ListedIds("python")[0];

        var (status, _, _) = await harness.Client.GetAsync("r/rstats/comments/" + id + "/x/");

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Theory]
    [InlineData("r/RSTATS/new/")]
    [InlineData("r/rstats/new")]
    public async Task Listing_SubredditInAnyCaseWithOrWithoutSlash_IsServed(string path)
    {
        await using var harness = await SimulatorHarness.StartAsync();

        var listing = await harness.Client.ListingAsync(path);

        Assert.Equal(PageKind.Listing, listing.Kind);
        Assert.Equal("rstats", listing.Page!.Things[0].Subreddit);
    }

    [Fact]
    public async Task Submission_WithoutSlug_IsServed()
    {
        await using var harness = await SimulatorHarness.StartAsync();
        var id = harness.World.ListedIds("rstats")[0];

        var page = await harness.Client.SubmissionAsync("r/rstats/comments/" + id);

        Assert.Equal(PageKind.Submission, page.Kind);
        Assert.Equal(id, page.Page!.Submission.Id);
    }
}
