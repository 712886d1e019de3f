using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Scraper.Tests.Support;

/// <summary>Pages no fixture holds, made by editing a real fixture the way reddit's own templates differ, so
/// everything else on the page stays real.</summary>
internal static class DerivedPages
{
    /// <summary>A listing of a subreddit with no posts: reddit's "there doesn't seem to be anything here".</summary>
    public static string EmptyListing() => Edit("listing-r-rstats-hot-2023.html", document =>
    {
        document.GetElementById("siteTable")!.InnerHtml =
            "<p id=\"noresults\" class=\"error\">there doesn't seem to be anything here</p>";
    });

    /// <summary>A listing whose posts sit in a table reddit renamed.</summary>
    public static string ListingWithoutSiteTable() => Edit("listing-r-rstats-hot-2023.html", document =>
    {
        document.GetElementById("siteTable")!.Id = "posts";
    });

    /// <summary>A listing whose things carry no id in any of the three places reddit puts it.</summary>
    public static string ListingWithThingsWithoutIds() => Edit("listing-r-rstats-hot-2023.html", document =>
    {
        foreach (var thing in document.QuerySelectorAll("#siteTable > div.thing"))
        {
            thing.RemoveAttribute("data-fullname");
            thing.RemoveAttribute("id");
            foreach (var token in thing.ClassList.Where(t => t.StartsWith("id-", StringComparison.Ordinal)).ToList())
            {
                thing.ClassList.Remove(token);
            }
        }
    });

    /// <summary>A self post removed by moderators: the body reads [removed].</summary>
    public static string RemovedSubmission() => Edit("submission-selfpost-r-china_irl-z0oio5.html", document =>
    {
        document.QuerySelector("#siteTable div.expando div.usertext-body > div.md")!.InnerHtml = "<p>[removed]</p>";
    });

    /// <summary>A self post deleted by its author: no data-author, "[deleted]" as author and body.</summary>
    public static string DeletedSubmission() => Edit("submission-selfpost-r-china_irl-z0oio5.html", document =>
    {
        var thing = document.QuerySelector("#siteTable > div.thing")!;
        thing.RemoveAttribute("data-author");
        thing.RemoveAttribute("data-author-fullname");
        thing.QuerySelector("p.tagline a.author")!.OuterHtml = "<span>[deleted]</span>";
        thing.QuerySelector("div.expando div.usertext-body > div.md")!.InnerHtml = "<p>[deleted]</p>";
    });

    // The gates below reuse the real over-18 page, with the image and heading reddit's own templates
    // (reddit-archive/reddit: bannedinterstitial.html, quarantineinterstitial.html, PrivateInterstitial) give
    // each gate. Their exact modern wording is unconfirmed; the parser keys on the image's alt and file name.
    public static string PrivateSubreddit() => Gate(
        "private", "//www.redditstatic.com/interstitial-image-private.png", "r/secret is private");

    public static string BannedSubreddit() => Gate(
        "banned", "//www.redditstatic.com/interstitial-image-banned.png", "This community has been banned");

    public static string QuarantinedSubreddit() => Gate(
        "quarantined",
        "//www.redditstatic.com/interstitial-image-quarantine.png",
        "You must log in and have a verified email to view this community");

    /// <summary>reddit's 404: <c>#classy-error</c> with "page not found".</summary>
    public static string NotFound() => Edit("edge-over18-interstitial.html", document =>
    {
        document.Title = "reddit.com: page not found";
        document.QuerySelector("div.content")!.OuterHtml =
            "<div id='classy-error' class='content'><img src='//www.redditstatic.com/reddit404b.png' alt='' />"
            + "<h1>page not found</h1><div class='errorpage-message'>the page you requested does not exist</div></div>";
    });

    /// <summary>The login page: body class login-page and form#login-form.</summary>
    public static string LoginPage() => Edit("edge-over18-interstitial.html", document =>
    {
        document.Title = "reddit.com: Log in";
        document.Body!.ClassName = "login-page";
        document.QuerySelector("div.content")!.InnerHtml =
            "<div id='login'><form id='login-form' method='post' action='https://old.reddit.com/post/login' "
            + "class='form-v2'><input type='hidden' name='op' value='login'><input id='user_login' name='user'>"
            + "<input id='passwd_login' name='passwd' type='password'><button type='submit'>log in</button></form></div>";
    });

    /// <summary>The new-reddit sign-in page the login wall lands on (STRUCTURE.md §7): title "Welcome to Reddit",
    /// no #siteTable, no old-reddit body class. Made from www.reddit.com's real 2026 block page, the only new-reddit
    /// page saved; the form is a stand-in, since only the title and the missing table are known.</summary>
    public static string SignInPage() => Edit("edge-network-security-block-2026-www-dom.html", document =>
    {
        document.Title = "Welcome to Reddit";
        document.Body!.InnerHtml =
            "<shreddit-app pagetype='login'><h1>Log In</h1><form method='post' action='/login'>"
            + "<input name='username'><input name='password' type='password'><button type='submit'>Log In</button>"
            + "</form><p>New to Reddit? <a href='/register/'>Sign Up</a></p></shreddit-app>";
    });

    /// <summary>The logged-in r/Games listing closed where its saved copy stops (inside a script template after
    /// the listing and the next link), so the listing can be read.</summary>
    public static string LoggedInListingClosed() =>
        Fixtures.Read("loggedin-listing-r-games-hot-2025-reindented-cut.html") + "</script></body></html>";

    /// <summary>A page by name, for theories: a saved page by its file name, or a derived one by its method's name.</summary>
    public static string Read(string name) => name.EndsWith(".html", StringComparison.Ordinal)
        ? Fixtures.Read(name)
        : (string)typeof(DerivedPages).GetMethod(name)!.Invoke(null, null)!;

    private static string Gate(string alt, string image, string heading) => Edit("edge-over18-interstitial.html", document =>
    {
        document.Title = "reddit.com: " + alt;
        var gate = document.QuerySelector("div.content > div.interstitial")!;
        gate.QuerySelector("img.interstitial-image")!.SetAttribute("alt", alt);
        gate.QuerySelector("img.interstitial-image")!.SetAttribute("src", image);
        gate.QuerySelector("div.interstitial-message div.md")!.InnerHtml = "<h3>" + heading + "</h3>";
        gate.QuerySelector("form")!.Remove();
    });

    private static string Edit(string fixture, Action<IDocument> edit)
    {
        var document = new HtmlParser().ParseDocument(Fixtures.Read(fixture));
        edit(document);
        return "<!DOCTYPE html>" + document.DocumentElement.OuterHtml;
    }
}
