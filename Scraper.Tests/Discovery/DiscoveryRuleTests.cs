using Scraper.Jobs.Discovery;
using Scraper.Jobs.OldReddit;

namespace Scraper.Tests.Discovery;

public class DiscoveryRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly Uri Next = new("https://old.reddit.com/r/x/new/?count=3&after=t3_c");

    [Fact]
    public void Floor_FirstRun_IsNowLessTheBackfill()
    {
        Assert.Equal(Now.AddDays(-1), DiscoveryRule.Floor(null, Now, TimeSpan.FromMinutes(10), TimeSpan.FromDays(1)));
    }

    [Fact]
    public void Floor_LaterRun_IsTheWatermarkLessTheOverlap()
    {
        Assert.Equal(Now.AddMinutes(-40), DiscoveryRule.Floor(Now.AddMinutes(-30), Now, TimeSpan.FromMinutes(10), TimeSpan.FromDays(1)));
    }

    [Fact]
    public void Decide_PageEntirelyAboveTheFloor_TakesAllAndReadsTheNextPage()
    {
        var page = Page(Next, Post("a", -1), Post("b", -2), Post("c", -3));

        var decision = DiscoveryRule.Decide(page, Now.AddMinutes(-10));

        Assert.Equal(["a", "b", "c"], decision.Candidates.Select(s => s.Id));
        Assert.True(decision.ReadNext);
        Assert.False(decision.Complete);
    }

    [Fact]
    public void Decide_PageReachingTheFloor_TakesWhatIsAboveAndStops()
    {
        var page = Page(Next, Post("a", -1), Post("b", -5), Post("c", -30));

        var decision = DiscoveryRule.Decide(page, Now.AddMinutes(-10));

        Assert.Equal(["a", "b"], decision.Candidates.Select(s => s.Id));
        Assert.False(decision.ReadNext);
        Assert.True(decision.Complete);
    }

    [Fact]
    public void Decide_SubmissionExactlyAtTheFloor_IsACandidate()
    {
        // Equal timestamps are common; the floor is inclusive and the store's claim drops known ids.
        var page = Page(Next, Post("a", -10), Post("b", -11));

        var decision = DiscoveryRule.Decide(page, Now.AddMinutes(-10));

        Assert.Equal(["a"], decision.Candidates.Select(s => s.Id));
        Assert.True(decision.Complete);
    }

    [Fact]
    public void Decide_OldStickiedPostOnTop_DoesNotEndTheRun()
    {
        var page = Page(Next, Post("sticky", -600, stickied: true), Post("a", -1), Post("b", -2));

        var decision = DiscoveryRule.Decide(page, Now.AddMinutes(-10));

        Assert.Equal(["a", "b"], decision.Candidates.Select(s => s.Id));
        Assert.True(decision.ReadNext);
    }

    [Fact]
    public void Decide_LastPageOfTheListing_IsCompleteEvenAboveTheFloor()
    {
        // reddit lists ~1000 items at most: what lies beyond the last page is out of reach.
        var page = Page(null, Post("a", -1), Post("b", -2));

        var decision = DiscoveryRule.Decide(page, Now.AddDays(-30));

        Assert.Equal(2, decision.Candidates.Count);
        Assert.False(decision.ReadNext);
        Assert.True(decision.Complete);
    }

    [Fact]
    public void Decide_Ads_AreNeverCandidates()
    {
        var page = Page(Next, Post("a", -1), Post("ad", -1) with { IsPromoted = true }, Post("b", -2));

        var decision = DiscoveryRule.Decide(page, Now.AddMinutes(-10));

        Assert.Equal(["a", "b"], decision.Candidates.Select(s => s.Id));
    }

    private static ListingPage Page(Uri? next, params Submission[] things) =>
        new(things, next, next is null ? null : "t3_" + things[^1].Id);

    private static Submission Post(string id, int minutes, bool stickied = false) => new()
    {
        Id = id,
        Subreddit = "x",
        Title = "title " + id,
        Permalink = new Uri("https://old.reddit.com/r/x/comments/" + id + "/"),
        Url = new Uri("https://old.reddit.com/r/x/comments/" + id + "/"),
        Domain = "self.x",
        CreatedUtc = Now.AddMinutes(minutes),
        IsStickied = stickied,
    };
}
