using Scraper.Jobs.OldReddit;
using Scraper.Tests.Support;

namespace Scraper.Tests.OldReddit;

/// <summary>Whose page it is, on every saved page and whatever the page turned out to be: the fetcher tells an
/// expired session from a page by it. Each expected name was read off the file's user bar by hand (grep for
/// <c>class="user"</c>, <c>class="logout</c> and the body class).</summary>
public class LoginStateTests
{
    private static readonly Uri PageUrl = new("https://old.reddit.com/r/test/");

    public static TheoryData<string, string?> EveryPage() => new()
    {
        // "Want to join? Log in or sign up" in span.user, no form.logout, no body class loggedin:
        { "edge-blocked-network-policy.html", null }, // no user bar at all
        { "edge-network-security-block-2026-www-dom.html", null }, // no user bar at all
        { "edge-over18-interstitial.html", null },
        { "legacy2017-listing-r-marvelstudios-hot-spoilers.html", null },
        { "legacy2017-submission-link-r-television-7gnfe5.html", null },
        { "legacy2017-submission-selfpost-notext-r-writingprompts-7hg228.html", null },
        { "listing-frontpage-hot-2025.html", null },
        { "listing-r-china_irl-hot-2022.html", null },
        { "listing-r-programmerhumor-hot-2025.html", null },
        { "listing-r-python-hot-2024.html", null },
        { "listing-r-rstats-hot-2023.html", null },
        { "submission-gallery-r-china_irl-z0728o.html", null },
        { "submission-link-r-china_irl-z2bhbm.html", null },
        { "submission-link-r-games-1lqa2hj-prettified.html", null },
        { "submission-link-r-movies-1hy9891-prettified.html", null },
        { "submission-selfpost-r-china_irl-z0oio5.html", null },
        { "submission-video-r-china_irl-z09a7r.html", null },

        // Logged in, but the saved copy stops before </html>: a cut page is not read, its login state included.
        { "loggedin-listing-r-games-hot-2025-reindented-cut.html", null },
        { "loggedin-submission-selfpost-r-leagueoflegends-2025-bs4prettified.html", "fleekonpoint" },

        // The recording tool replaced the subreddit's name part with <REDDIT_USERNAME>; the user bar kept the
        // account: <a href="http://www.reddit.com/user/RedditKitTester/">.
        { "legacy2014-edge-private-subreddit-loggedin-sanitized.html", "RedditKitTester" },
    };

    [Theory]
    [MemberData(nameof(EveryPage))]
    public void Parse_SavedPage_ReportsTheAccountItWasRenderedForWhateverItsKind(string fileName, string? account)
    {
        var html = Fixtures.Read(fileName);

        Assert.Equal(account, ListingParser.Parse(html, PageUrl).LoggedInAs);
        Assert.Equal(account, SubmissionPageParser.Parse(html, PageUrl).LoggedInAs);
    }

    [Fact]
    public void EveryPage_CoversEverySavedPage()
    {
        var covered = EveryPage().Select(row => (string)row[0]).Order(StringComparer.Ordinal);

        Assert.Equal(Fixtures.AllPages(), covered);
    }

    [Fact]
    public void Parse_LoggedInListingClosedWhereItWasCut_ReportsTheAccount()
    {
        var result = ListingParser.Parse(DerivedPages.LoggedInListingClosed(), new Uri("https://old.reddit.com/r/Games/"));

        Assert.Equal(PageKind.Listing, result.Kind);
        Assert.Equal("fleekonpoint", result.LoggedInAs);
    }
}
