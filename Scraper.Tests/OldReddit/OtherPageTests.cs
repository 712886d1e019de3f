using Scraper.Jobs.OldReddit;
using Scraper.Tests.Support;

namespace Scraper.Tests.OldReddit;

/// <summary>Pages that are not the one asked for come back as a named outcome, never as an exception or a
/// silently empty result.</summary>
public class OtherPageTests
{
    private static readonly Uri ListingUrl = new("https://old.reddit.com/r/rstats/new/");
    private static readonly Uri SubmissionUrl = new("https://old.reddit.com/r/China_irl/comments/z0oio5/x/");

    [Fact]
    public void Parse_Over18Interstitial_IsReportedAsTheOver18Gate()
    {
        var html = Fixtures.Read("edge-over18-interstitial.html");

        Assert.Equal(PageKind.Over18Gate, ListingParser.Parse(html, ListingUrl).Kind);
        Assert.Equal(PageKind.Over18Gate, SubmissionPageParser.Parse(html, SubmissionUrl).Kind);
    }

    [Fact]
    public void Parse_WhoaTherePardnerPage_IsReportedAsBlocked()
    {
        var result = ListingParser.Parse(Fixtures.Read("edge-blocked-network-policy.html"), ListingUrl);

        Assert.Equal(PageKind.Blocked, result.Kind);
        Assert.True(result.Kind.IsTransient());
        Assert.Null(result.Page);
    }

    [Theory]
    [InlineData("edge-network-security-block-2026-www-dom.html")]
    [InlineData(nameof(DerivedPages.LoginPage))]
    [InlineData(nameof(DerivedPages.SignInPage))]
    public void Parse_PageThatEveryRequestWouldMeet_LosesAccessAndNamesNoAccount(string page)
    {
        var result = ListingParser.Parse(DerivedPages.Read(page), ListingUrl);

        Assert.True(result.Kind.IsAccessLost());
        Assert.Null(result.LoggedInAs);
    }

    public static TheoryData<string, PageKind> Gates() => new()
    {
        { nameof(DerivedPages.PrivateSubreddit), PageKind.PrivateSubreddit },
        { nameof(DerivedPages.BannedSubreddit), PageKind.BannedSubreddit },
        { nameof(DerivedPages.QuarantinedSubreddit), PageKind.QuarantinedSubreddit },
        { nameof(DerivedPages.NotFound), PageKind.NotFound },
        { nameof(DerivedPages.LoginPage), PageKind.LoginWall },
        { nameof(DerivedPages.SignInPage), PageKind.LoginWall },
        // "You've been blocked by network security." on www.reddit.com's body class "theme-beta", no title.
        { "edge-network-security-block-2026-www-dom.html", PageKind.NetworkSecurityBlock },
        // #classy-error as on the 404 page, but with subreddit-private.png and "this subreddit is private".
        { "legacy2014-edge-private-subreddit-loggedin-sanitized.html", PageKind.PrivateSubreddit },
    };

    [Theory]
    [MemberData(nameof(Gates))]
    public void Parse_PageOtherThanTheOneAskedFor_IsReportedByName(string page, PageKind expected)
    {
        var html = DerivedPages.Read(page);

        var listing = ListingParser.Parse(html, ListingUrl);
        var submission = SubmissionPageParser.Parse(html, SubmissionUrl);

        Assert.Equal(expected, listing.Kind);
        Assert.Equal(expected, submission.Kind);
        Assert.False(expected.IsTransient());
    }

    [Fact]
    public void Parse_OrdinaryListing_IsNotMistakenForAGateByTheArchivedPopupTemplate()
    {
        // Every page embeds <script id="archived-popup"><div class="interstitial">…; it is not a gate.
        var result = ListingParser.Parse(Fixtures.Read("listing-r-rstats-hot-2023.html"), ListingUrl);

        Assert.Equal(PageKind.Listing, result.Kind);
    }

    [Fact]
    public void Parse_EmptyListing_IsAnEmptyListingNotMarkupChanged()
    {
        var result = ListingParser.Parse(DerivedPages.EmptyListing(), ListingUrl);

        Assert.Equal(PageKind.EmptyListing, result.Kind);
        Assert.Empty(result.Page!.Things);
        Assert.Null(result.Page.NextPage);
    }

    [Fact]
    public void Parse_ListingWithoutSiteTable_IsReportedAsMarkupChanged()
    {
        var result = ListingParser.Parse(DerivedPages.ListingWithoutSiteTable(), ListingUrl);

        Assert.Equal(PageKind.MarkupChanged, result.Kind);
        Assert.Contains("#siteTable", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ListingWhoseThingsHaveNoIds_IsReportedAsMarkupChanged()
    {
        var result = ListingParser.Parse(DerivedPages.ListingWithThingsWithoutIds(), ListingUrl);

        Assert.Equal(PageKind.MarkupChanged, result.Kind);
        Assert.Contains("no t3 id", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SubmissionPageAsListing_IsReportedAsTheWrongKind()
    {
        var html = Fixtures.Read("submission-link-r-china_irl-z2bhbm.html");

        Assert.Equal(PageKind.WrongPageKind, ListingParser.Parse(html, ListingUrl).Kind);
    }

    [Fact]
    public void Parse_ListingAsSubmissionPage_IsReportedAsTheWrongKind()
    {
        var html = Fixtures.Read("listing-r-python-hot-2024.html");

        Assert.Equal(PageKind.WrongPageKind, SubmissionPageParser.Parse(html, SubmissionUrl).Kind);
    }

    [Fact]
    public void Parse_RemovedSelfPost_IsASubmissionMarkedRemoved()
    {
        var result = SubmissionPageParser.Parse(DerivedPages.RemovedSubmission(), SubmissionUrl);

        Assert.Equal(PageKind.Submission, result.Kind);
        Assert.Equal(RemovalState.Removed, result.Page!.RemovalState);
        Assert.Equal("z0oio5", result.Page.Submission.Id);
    }

    [Fact]
    public void Parse_SelfPostDeletedByItsAuthor_IsASubmissionMarkedDeletedWithNoAuthor()
    {
        var result = SubmissionPageParser.Parse(DerivedPages.DeletedSubmission(), SubmissionUrl);

        Assert.Equal(RemovalState.Deleted, result.Page!.RemovalState);
        Assert.Null(result.Page.Submission.Author);
    }

    [Theory]
    [InlineData(PageKind.Blocked, true)]
    [InlineData(PageKind.Truncated, true)]
    [InlineData(PageKind.NotFound, false)]
    [InlineData(PageKind.PrivateSubreddit, false)]
    [InlineData(PageKind.MarkupChanged, false)]
    public void IsTransient_NamedOutcome_SaysWhetherARetryCanHelp(PageKind kind, bool transient)
    {
        Assert.Equal(transient, kind.IsTransient());
    }
}
