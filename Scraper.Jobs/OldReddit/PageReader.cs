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

    /// <summary>The parsed document when the page is the kind asked for (or may be), otherwise the outcome that
    /// stands in for it; with the account the page was rendered for either way.</summary>
    /// <param name="html">The page as served.</param>
    /// <param name="pageUrl">Where it was fetched from: relative links resolve against it.</param>
    /// <param name="expected">The kind asked for.</param>
    /// <param name="cancellationToken">Ends the parse part way (AngleSharp checks it between tokens), with
    /// <see cref="OperationCanceledException"/>: the fetcher's bound on parse time.</param>
    public static PageRead Read(string html, Uri pageUrl, PageKind expected, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(pageUrl);
        // Every real page ends with </html>; one that does not was cut off in transfer. It is reported, not
        // half-read: a listing cut before its next link would look like the last page. Its login state is not
        // read either: a cut page is retried, and the retry says.
        if (!html.AsSpan().TrimEnd().EndsWith(Markup.Text.ClosingHtmlTag, StringComparison.OrdinalIgnoreCase))
        {
            return new(null, PageKind.Truncated, html.Length == 0 ? "the body is empty" : "the page ends before </html>", null);
        }

        // Checked before parsing, not by AngleSharp's own MaximumDepth (512 by default): that one attaches deeper
        // elements as siblings, which keeps recursive walks off the stack's end, but its stack of open elements
        // still grows and the time with it (25,000 nested divs take 1.7 s with any MaximumDepth).
        var depth = NestingDepth.Measure(html);
        if (depth > NestingDepth.Limit)
        {
            return new(null, PageKind.TooDeep, "elements nest deeper than " + NestingDepth.Limit + " levels", null);
        }

        // For a string AngleSharp reads no stream, so the task is complete when it returns: this blocks on nothing.
        var document = (parser ??= new HtmlParser(Options)).ParseDocumentAsync(html, cancellationToken).GetAwaiter().GetResult();
        var body = document.Body;
        if (body is null)
        {
            return new(null, PageKind.MarkupChanged, "the page has no body", null);
        }

        var loggedInAs = LoggedInAs(body);
        var isListing = body.ClassList.Contains(Markup.Page.ListingBodyClass);
        var isComments = body.ClassList.Contains(Markup.Page.CommentsBodyClass);
        if ((expected == PageKind.Listing && isComments) || (expected == PageKind.Submission && isListing && !isComments))
        {
            var wrong = expected == PageKind.Listing ? "a submission page, not a listing" : "a listing, not a submission page";
            return new(null, PageKind.WrongPageKind, wrong, loggedInAs);
        }

        if (isListing || isComments)
        {
            return new(document, expected, null, loggedInAs);
        }

        var kind = ClassifyOther(document, body, out var reason);
        return kind == PageKind.MarkupChanged && document.Find(Markup.Page.SiteTable) is not null
            ? new(document, expected, null, loggedInAs) // the usual table, an unusual body class: the parser decides
            : new(null, kind, reason, loggedInAs);
    }

    // The config script's "logged": "NAME" says the same, but script text is skipped (see Options); the user bar is
    // markup. Logged-out pages stop at the body class, so they pay no lookup.
    private static string? LoggedInAs(IElement body)
    {
        if (!body.ClassList.Contains(Markup.Page.LoggedInBodyClass) || body.Find(Markup.Page.LogoutForm) is null)
        {
            return null;
        }

        var href = body.Find(Markup.Page.UserBarLink)?.GetAttribute("href");
        var start = href?.IndexOf(Markup.Text.UserPath, StringComparison.Ordinal) ?? -1;
        if (start < 0)
        {
            return null;
        }

        var name = href![(start + Markup.Text.UserPath.Length)..].Split('/', '?', '#')[0];
        return name.Length == 0 ? null : name;
    }

    private static PageKind ClassifyOther(IDocument document, IElement body, out string reason)
    {
        var title = document.Title ?? string.Empty;
        if (body.Find(Markup.Page.Interstitial) is { } gate)
        {
            return ClassifyInterstitial(gate, out reason);
        }

        var text = body.TextContent;
        if (HtmlText.ContainsIgnoreCase(text, Markup.Text.NetworkSecurityBlock))
        {
            reason = "www.reddit.com blocked the client (\"You've been blocked by network security\")";
            return PageKind.NetworkSecurityBlock;
        }

        if (title == Markup.Text.BlockedTitle || HtmlText.ContainsIgnoreCase(text, Markup.Text.BlockedHeading))
        {
            reason = "reddit blocked the request (\"whoa there, pardner!\")";
            return PageKind.Blocked;
        }

        if (body.ClassList.Contains(Markup.Page.LoginBodyClass) || body.Find(Markup.Page.LoginForm) is not null)
        {
            reason = "old.reddit's login page";
            return PageKind.LoginWall;
        }

        // The sign-in page is new reddit's: its markup is not old.reddit's, so the title and the missing table decide.
        if (HtmlText.ContainsIgnoreCase(title, Markup.Text.SignInTitle) && document.Find(Markup.Page.SiteTable) is null)
        {
            reason = "reddit's sign-in page (\"Welcome to Reddit\")";
            return PageKind.LoginWall;
        }

        if (body.Find(Markup.Page.ClassyError) is { } error)
        {
            return IsPrivate(error) ? Private(out reason) : NotFound(out reason);
        }

        // reddit sends an unknown subreddit to the subreddit search.
        if (HtmlText.ContainsIgnoreCase(title, Markup.Text.PageNotFound)
            || HtmlText.ContainsIgnoreCase(title, Markup.Text.SearchResultsTitle))
        {
            return NotFound(out reason);
        }

        reason = "neither a listing nor a submission page (body class \"" + body.ClassName + "\")";
        return PageKind.MarkupChanged;
    }

    // The private page and the 404 share #classy-error; the image and the heading tell them apart.
    private static bool IsPrivate(IElement error) =>
        HtmlText.ContainsIgnoreCase(error.Find(Markup.Page.ErrorImage)?.GetAttribute("src"), Markup.Text.PrivateErrorImage)
        || HtmlText.ContainsIgnoreCase(error.Find(Markup.Page.ErrorHeading)?.TextContent, Markup.Text.PrivateErrorHeading);

    private static PageKind NotFound(out string reason)
    {
        reason = "page not found";
        return PageKind.NotFound;
    }

    private static PageKind Private(out string reason)
    {
        reason = "the subreddit is private";
        return PageKind.PrivateSubreddit;
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
            return Private(out reason);
        }

        reason = "an interstitial this parser does not know (\"" + HtmlText.Collapse(marker) + "\")";
        return PageKind.MarkupChanged;
    }
}

/// <summary>What <see cref="PageReader.Read"/> found. <paramref name="Document"/> is set when the parser should go on
/// (then <paramref name="Kind"/> is the kind asked for); otherwise <paramref name="Kind"/> and
/// <paramref name="Reason"/> name the page instead.</summary>
internal readonly record struct PageRead(IDocument? Document, PageKind Kind, string? Reason, string? LoggedInAs)
{
    /// <summary>The page's own outcome, when it is not the page asked for.</summary>
    public ParseResult<TPage> Failure<TPage>()
        where TPage : class => Failure<TPage>(Kind, Reason!);

    public ParseResult<TPage> Failure<TPage>(PageKind kind, string reason)
        where TPage : class => ParseResult.Failure<TPage>(kind, reason, LoggedInAs);

    public ParseResult<TPage> Success<TPage>(PageKind kind, TPage page)
        where TPage : class => ParseResult.Success(kind, page, LoggedInAs);
}
