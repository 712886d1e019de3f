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

    private static string Edit(string fixture, Action<IDocument> edit)
    {
        var document = new HtmlParser().ParseDocument(Fixtures.Read(fixture));
        edit(document);
        return "<!DOCTYPE html>" + document.DocumentElement.OuterHtml;
    }
}
