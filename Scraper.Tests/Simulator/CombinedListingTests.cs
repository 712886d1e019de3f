using System.Net;
using Microsoft.Extensions.Time.Testing;
using Scraper.Jobs.OldReddit;
using Scraper.Simulator;

namespace Scraper.Tests.Simulator;

/// <summary>/r/a+b+c/new/ as old.reddit serves it: one listing of the members' posts, newest first, paged like any
/// other, each thing naming its own subreddit, no stickies; members it has not got are left out.</summary>
public class CombinedListingTests
{
    private static readonly DateTimeOffset Start = SimulatorHarness.Start;
    private static readonly string[] Members = ["rstats", "Python", "China_irl"];

    [Fact]
    public async Task CombinedListing_ThreeSubreddits_OneListingOfTheirPostsNewestFirstEachNamingItsOwn()
    {
        var (world, _) = ThreeSubreddits();
        await using var reddit = await SimulatedReddit.StartAsync(world);
        using var client = new SimulatorClient(reddit);

        var result = await client.ListingAsync("r/rstats+Python+China_irl/new/?limit=100");

        Assert.Equal(PageKind.Listing, result.Kind);
        var submissions = result.Page!.Submissions.ToList();
        Assert.Equal(Merged(world, Members).Take(100), submissions.Select(s => s.Id));
        Assert.All(submissions, s => Assert.Equal(world.Expected(s.Id, reddit.BaseUrl), s));
        Assert.All(submissions, s => Assert.Contains(s.Id, world.ListedIds(s.Subreddit)));
        Assert.Equal(Members.Order(StringComparer.Ordinal), submissions.Select(s => s.Subreddit).Distinct().Order(StringComparer.Ordinal));
        Assert.DoesNotContain(result.Page.Things, t => t.IsStickied);
        Assert.Empty(Members.SelectMany(world.StickiedIds).Intersect(result.Page.Things.Select(t => t.Id)));
        Assert.Equal(2, result.Page.Ads.Count());
    }

    [Fact]
    public async Task CombinedListing_PagedByItsNextLinks_EveryPostOnceInOrderAndTheLinksKeepTheCombination()
    {
        var (world, _) = ThreeSubreddits();
        await using var reddit = await SimulatedReddit.StartAsync(world);
        using var client = new SimulatorClient(reddit);
        var merged = Merged(world, Members);

        var pages = await client.AllListingPagesAsync("rstats+Python+China_irl", limit: 25);

        Assert.Equal(130, merged.Count);
        Assert.Equal(6, pages.Count);
        Assert.Equal(merged, pages.SelectMany(p => p.Submissions).Select(s => s.Id));
        Assert.Equal(new Uri(reddit.BaseUrl, "r/rstats+Python+China_irl/new/?limit=25&count=50&after=t3_" + merged[49]), pages[1].NextPage);
        Assert.Null(pages[^1].NextPage);

        var byHand = (await client.ListingAsync("r/rstats+Python+China_irl/new/?count=25&after=t3_" + merged[24])).Page!;
        Assert.Equal(merged.Skip(25).Take(25), byHand.Submissions.Select(s => s.Id));
        Assert.Equal(new Uri(reddit.BaseUrl, "r/rstats+Python+China_irl/new/?count=50&after=t3_" + merged[49]), byHand.NextPage);
    }

    [Fact]
    public async Task CombinedListing_PostArrivesInOneMember_LeadsTheListingAndTheNextPageByCursorIsNotShifted()
    {
        var (world, _) = ThreeSubreddits();
        await using var reddit = await SimulatedReddit.StartAsync(world);
        using var client = new SimulatorClient(reddit);
        var before = Merged(world, Members);

        var first = (await client.ListingAsync("r/rstats+Python+China_irl/new/")).Page!;
        var fresh = world.Post("China_irl")[0];
        var second = (await client.ListingAsync(first.NextPage!.ToString())).Page!;
        var reread = (await client.ListingAsync("r/rstats+Python+China_irl/new/")).Page!;

        Assert.Equal(before.Skip(25).Take(25), second.Submissions.Select(s => s.Id));
        Assert.Equal(fresh, reread.Submissions.First().Id);
        Assert.Equal("China_irl", reread.Submissions.First().Subreddit);
    }

    [Theory]
    [InlineData("rstats+Python+China_irl")]
    [InlineData("china_irl+RSTATS+python")]
    [InlineData("Python+China_irl+rstats+python")]
    public async Task CombinedListing_MembersInAnyOrderOrCaseOrTwice_ServeTheSameListing(string combination)
    {
        var (world, _) = ThreeSubreddits();
        await using var reddit = await SimulatedReddit.StartAsync(world);
        using var client = new SimulatorClient(reddit);

        var page = (await client.ListingAsync("r/" + combination + "/new/?limit=100")).Page!;

        Assert.Equal(Merged(world, Members).Take(100), page.Submissions.Select(s => s.Id));
    }

    [Fact]
    public async Task CombinedListing_PagedToTheEnd_StopsAtTheThousandthPostAsAnyListingDoes()
    {
        var world = new SimulatedWorld(seed: 5, new FakeTimeProvider(Start)) { ShowAds = false };
        world.AddSubreddit("alpha", 600);
        world.AddSubreddit("beta", 600);
        await using var reddit = await SimulatedReddit.StartAsync(world);
        using var client = new SimulatorClient(reddit);
        var merged = Merged(world, "alpha", "beta");

        var pages = await client.AllListingPagesAsync("alpha+beta", limit: 100);

        Assert.Equal(10, pages.Count);
        Assert.Equal(merged.Take(1000), pages.SelectMany(p => p.Submissions).Select(s => s.Id));
        Assert.Null(pages[^1].NextPage);
        var beyond = await client.ListingAsync("r/alpha+beta/new/?count=1000&after=t3_" + merged[999]);
        Assert.Equal(PageKind.EmptyListing, beyond.Kind);
    }

    [Fact]
    public async Task CombinedListing_AMemberTheWorldHasNot_IsLeftOutAndTheLinksNameOnlyTheOthers()
    {
        var (world, _) = ThreeSubreddits();
        await using var reddit = await SimulatedReddit.StartAsync(world);
        using var client = new SimulatorClient(reddit);
        var merged = Merged(world, "rstats", "Python");

        var (status, html, _) = await client.GetAsync("r/rstats+nosuchsub+Python/new/");
        var page = ListingParser.Parse(html, new Uri(reddit.BaseUrl, "r/rstats+nosuchsub+Python/new/")).Page!;

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(merged.Take(25), page.Submissions.Select(s => s.Id));
        Assert.Equal(new Uri(reddit.BaseUrl, "r/rstats+Python/new/?count=25&after=t3_" + merged[24]), page.NextPage);
        Assert.DoesNotContain("nosuchsub", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CombinedListing_NoMemberExists_IsPageNotFound()
    {
        var (world, _) = ThreeSubreddits();
        await using var reddit = await SimulatedReddit.StartAsync(world);
        using var client = new SimulatorClient(reddit);

        var (status, html, _) = await client.GetAsync("r/nosuchsub+norThis/new/");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(PageKind.NotFound, ListingParser.Parse(html, new Uri(reddit.BaseUrl, "r/nosuchsub+norThis/new/")).Kind);
    }

    [Fact]
    public async Task CombinedListing_OnlyOneMemberExists_IsThatSubredditsOwnListingStickiesAndAll()
    {
        var (world, _) = ThreeSubreddits();
        await using var reddit = await SimulatedReddit.StartAsync(world);
        using var client = new SimulatorClient(reddit);

        var (_, own, _) = await client.GetAsync("r/rstats/new/");
        var (status, combined, _) = await client.GetAsync("r/rstats+nosuchsub/new/");

        // reddit makes the one subreddit found the page's subreddit: its stickies, its sidebar, its links.
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(own, combined);
        var page = ListingParser.Parse(combined, new Uri(reddit.BaseUrl, "r/rstats+nosuchsub/new/")).Page!;
        Assert.Equal(world.StickiedIds("rstats"), page.Things.Where(t => t.IsStickied).Select(t => t.Id));
    }

    [Fact]
    public async Task CombinedListing_PrivateAndOver18Members_AreLeftOutUnlessTheReaderMaySeeThem()
    {
        var (world, _) = ThreeSubreddits();
        world.MakePrivate("Python");
        world.MarkNsfw("China_irl");
        await using var reddit = await SimulatedReddit.StartAsync(world);
        using var anonymous = new SimulatorClient(reddit);
        using var adult = new SimulatorClient(reddit, cookie: "over18=1");

        var plain = (await anonymous.ListingAsync("r/rstats+Python+China_irl/new/?limit=100")).Page!;
        var withCookie = (await adult.ListingAsync("r/rstats+Python+China_irl/new/?limit=100")).Page!;

        // A combination shows no gate: what the reader may not see is simply not listed.
        Assert.Equal(Merged(world, "rstats").Take(100), plain.Submissions.Select(s => s.Id));
        Assert.Equal(Merged(world, "rstats", "China_irl").Take(100), withCookie.Submissions.Select(s => s.Id));
        Assert.All(withCookie.Submissions.Where(s => s.Subreddit == "China_irl"), s => Assert.True(s.IsNsfw));
    }

    [Fact]
    public async Task CombinedListing_EveryMemberPrivate_IsAnEmptyListing()
    {
        var (world, _) = ThreeSubreddits();
        world.MakePrivate("rstats");
        world.MakePrivate("Python");
        await using var reddit = await SimulatedReddit.StartAsync(world);
        using var client = new SimulatorClient(reddit);

        var (status, html, _) = await client.GetAsync("r/rstats+Python/new/");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(PageKind.EmptyListing, ListingParser.Parse(html, new Uri(reddit.BaseUrl, "r/rstats+Python/new/")).Kind);
    }

    [Fact]
    public async Task CombinedListing_Page_NamesTheCombinationAndShowsNoSubredditsSidebar()
    {
        var (world, _) = ThreeSubreddits();
        await using var reddit = await SimulatedReddit.StartAsync(world);
        using var client = new SimulatorClient(reddit);

        var (_, single, _) = await client.GetAsync("r/rstats/new/");
        var (_, combined, _) = await client.GetAsync("r/rstats+Python/new/");

        Assert.Contains("<title>newest submissions : rstats+Python</title>", combined, StringComparison.Ordinal);
        Assert.Contains("class=\"titlebox\"", single, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"titlebox\"", combined, StringComparison.Ordinal);
        Assert.DoesNotContain("MODERATORS", combined, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CombinedListing_RequestLog_RecordsEachRequestsPathArrivalAndTheListingRoute()
    {
        var (world, time) = ThreeSubreddits();
        await using var reddit = await SimulatedReddit.StartAsync(world);
        using var client = new SimulatorClient(reddit);

        await client.GetAsync("r/rstats+Python/new/");
        time.Advance(TimeSpan.FromSeconds(30));
        await client.GetAsync("r/rstats+Python/new/?count=25&after=t3_" + Merged(world, "rstats", "Python")[24]);
        time.Advance(TimeSpan.FromSeconds(45));
        await client.GetAsync("r/Python+China_irl/new/");

        var requests = reddit.Requests.Requests;
        Assert.Equal(
            ["/r/rstats+Python/new/", "/r/rstats+Python/new/?count=25&after=t3_" + Merged(world, "rstats", "Python")[24], "/r/Python+China_irl/new/"],
            requests.Select(r => r.Path));
        Assert.Equal([Start, Start.AddSeconds(30), Start.AddSeconds(75)], requests.Select(r => r.ReceivedAt));
        Assert.All(requests, r => Assert.Equal(RouteKind.Listing, r.Route));
        Assert.Equal(3, reddit.Requests.Count(RouteKind.Listing, 200));
        Assert.Equal(2, requests.Count(r => r.ReceivedAt >= Start && r.ReceivedAt < Start.AddSeconds(60)));
    }

    /// <summary>r/rstats (60 posts, 2 stickied), r/Python (40, 1 stickied), r/China_irl (30) over three days.</summary>
    private static (SimulatedWorld World, FakeTimeProvider Time) ThreeSubreddits()
    {
        var time = new FakeTimeProvider(Start);
        var world = new SimulatedWorld(seed: 7, time);
        world.AddSubreddit("rstats", 62, TimeSpan.FromDays(3), stickied: 2);
        world.AddSubreddit("Python", 41, TimeSpan.FromDays(3), stickied: 1);
        world.AddSubreddit("China_irl", 30, TimeSpan.FromDays(3));
        return (world, time);
    }

    /// <summary>The members' listed posts, newest first; within one second the larger id first, as reddit's ids
    /// grow with time.</summary>
    private static List<string> Merged(SimulatedWorld world, params string[] members)
    {
        var site = new Uri("http://x/");
        return [.. members.SelectMany(world.ListedIds)
            .OrderByDescending(id => world.Expected(id, site).CreatedUtc)
            .ThenByDescending(id => id.Length)
            .ThenByDescending(id => id, StringComparer.Ordinal)];
    }
}
