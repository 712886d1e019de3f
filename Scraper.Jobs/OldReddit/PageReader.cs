using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Scraper.Jobs.OldReddit;

/// <summary>Parses the HTML once and says whether it is the kind of page that was asked for; if not, which
/// named page it is instead. Shared by the listing and the submission parser.</summary>
internal static class PageReader
{
    private static readonly HtmlParserOptions Options = new()
    {
        // Comments and script bodies are never read. Skipping the 20-30 KB of inline script saves 40-70 KB a
        // page; skipping comments saves nothing measurable but costs nothing either.
        SkipComments = true,
        SkipScriptText = true,
    };

    // A parser costs a browsing context and 23 KB to build. It can be reused but is not thread-safe, and jobs
    // parse on several threads at once: one per thread.
    [ThreadStatic]
    private static HtmlParser? parser;

    /// <summary>The parsed document, or the problem that stands in for it.</summary>
    public static IDocument? Read(string html, PageKind expected, out PageKind problem, out string? reason)
    {
        problem = expected;
        reason = null;

        // Every real page ends with </html>; one that does not was cut off in transfer. It is reported, not
        // half-read: a listing cut before its next link would look like the last page.
        if (!html.AsSpan().TrimEnd().EndsWith(Markup.Text.ClosingHtmlTag, StringComparison.OrdinalIgnoreCase))
        {
            problem = PageKind.Truncated;
            reason = html.Length == 0 ? "the body is empty" : "the page ends before </html>";
            return null;
        }

        var document = (parser ??= new HtmlParser(Options)).ParseDocument(html);
        var body = document.Body;
        if (body is null)
        {
            problem = PageKind.MarkupChanged;
            reason = "the page has no body";
            return null;
        }

        var isListing = body.ClassList.Contains(Markup.Page.ListingBodyClass);
        var isComments = body.ClassList.Contains(Markup.Page.CommentsBodyClass);
        if ((expected == PageKind.Listing && isComments) || (expected == PageKind.Submission && isListing && !isComments))
        {
            problem = PageKind.WrongPageKind;
            reason = expected == PageKind.Listing ? "a submission page, not a listing" : "a listing, not a submission page";
            return null;
        }

        if (isListing || isComments)
        {
            return document;
        }

        problem = ClassifyOther(document, body, out reason);
        return problem == PageKind.MarkupChanged && document.Find(Markup.Page.SiteTable) is not null
            ? document // a page with the usual table but an unusual body class: let the parser decide
            : null;
    }

    private static PageKind ClassifyOther(IDocument document, IElement body, out string reason)
    {
        var title = document.Title ?? string.Empty;
        if (body.Find(Markup.Page.Interstitial) is { } gate)
        {
            return ClassifyInterstitial(gate, out reason);
        }

        if (title == Markup.Text.BlockedTitle || HtmlText.ContainsIgnoreCase(body.TextContent, Markup.Text.BlockedHeading))
        {
            reason = "reddit blocked the request (\"whoa there, pardner!\")";
            return PageKind.Blocked;
        }

        if (body.ClassList.Contains(Markup.Page.LoginBodyClass) || body.Find(Markup.Page.LoginForm) is not null)
        {
            reason = "a login page";
            return PageKind.LoginWall;
        }

        // reddit sends an unknown subreddit to the subreddit search; other unknown paths get #classy-error.
        if (body.Find(Markup.Page.ClassyError) is not null
            || HtmlText.ContainsIgnoreCase(title, Markup.Text.PageNotFound)
            || HtmlText.ContainsIgnoreCase(title, Markup.Text.SearchResultsTitle))
        {
            reason = "page not found";
            return PageKind.NotFound;
        }

        reason = "neither a listing nor a submission page (body class \"" + body.ClassName + "\")";
        return PageKind.MarkupChanged;
    }

    private static PageKind ClassifyInterstitial(IElement gate, out string reason)
    {
        // The image's alt and file name name the gate; the heading is the fallback.
        var image = gate.Find(Markup.Page.InterstitialImage);
        var marker = (image?.GetAttribute("alt") + " " + image?.GetAttribute("src") + " "
            + gate.Find(Markup.Page.InterstitialHeading)?.TextContent).ToLowerInvariant();
        if (gate.Find(Markup.Page.Over18Button) is not null || marker.Contains(Markup.Text.Over18Alt, StringComparison.Ordinal)
            || marker.Contains("over18", StringComparison.Ordinal))
        {
            reason = "the over-18 interstitial of an NSFW subreddit";
            return PageKind.Over18Gate;
        }

        if (marker.Contains(Markup.Text.Quarantine, StringComparison.Ordinal))
        {
            reason = "the quarantine interstitial";
            return PageKind.QuarantinedSubreddit;
        }

        if (marker.Contains(Markup.Text.Banned, StringComparison.Ordinal))
        {
            reason = "the subreddit is banned";
            return PageKind.BannedSubreddit;
        }

        if (marker.Contains(Markup.Text.Private, StringComparison.Ordinal))
        {
            reason = "the subreddit is private";
            return PageKind.PrivateSubreddit;
        }

        reason = "an interstitial this parser does not know (\"" + HtmlText.Collapse(marker) + "\")";
        return PageKind.MarkupChanged;
    }
}
