using AngleSharp.Css.Dom;
using AngleSharp.Css.Parser;
using AngleSharp.Dom;

namespace Scraper.Jobs.OldReddit;

/// <summary>Every CSS selector, class token, <c>data-*</c> name and page text the parsers rely on, in one place:
/// when reddit changes its markup, this is the file to change. Where each lives, with the traps seen, is
/// written up in testdata/oldreddit/STRUCTURE.md.</summary>
internal static class Markup
{
    // Compiled once: AngleSharp parses a selector string on every QuerySelector call otherwise.
    private static readonly CssSelectorParser SelectorParser = new();

    private static ISelector Compile(string selector) => SelectorParser.ParseSelector(selector)
        ?? throw new InvalidOperationException("Invalid selector: " + selector);

    /// <summary>The first descendant matching a compiled selector.</summary>
    public static IElement? Find(this INode node, ISelector selector) => node.ChildNodes.QuerySelector(selector);

    /// <summary>Every descendant matching a compiled selector, in document order.</summary>
    public static IHtmlCollection<IElement> FindAll(this INode node, ISelector selector) =>
        node.ChildNodes.QuerySelectorAll(selector);

    internal static class Page
    {
        public static readonly ISelector SiteTable = Compile("#siteTable");
        public static readonly ISelector NoResults = Compile("#noresults");
        public static readonly ISelector NextLink = Compile("div.nav-buttons span.next-button > a[href]");
        // Every page also carries an interstitial inside <script id="archived-popup">; script bodies are text,
        // not elements, so only a real gate matches.
        public static readonly ISelector Interstitial = Compile("div.interstitial");
        public static readonly ISelector InterstitialImage = Compile("img.interstitial-image");
        public static readonly ISelector InterstitialHeading = Compile("div.interstitial-message h3");
        public static readonly ISelector Over18Button = Compile("button[name=over18]");
        // Only the login page's own form: ordinary pages carry a sidebar form.login-form.
        public static readonly ISelector LoginForm = Compile("form#login-form");
        public static readonly ISelector ClassyError = Compile("#classy-error");
        // Inside #classy-error: the 404 and the private-subreddit page share the template (2014 page; whether today's
        // private page still uses it is unconfirmed).
        public static readonly ISelector ErrorImage = Compile("img[src]");
        public static readonly ISelector ErrorHeading = Compile("h1");
        // The user bar. Logged out, span.user > a is the "Log in" link, so the logout form and the body class
        // confirm a session; the login-required classes stay on logged-in pages and say nothing.
        public static readonly ISelector UserBarLink = Compile("span.user > a[href]");
        public static readonly ISelector LogoutForm = Compile("form.logout");
        public static readonly ISelector CommentArea = Compile("div.commentarea");
        // Comments are div.thing.comment below it; CommentReader walks to them without a selector.
        public static readonly ISelector CommentsHeader = Compile(".panestack-title span.title");
        public static readonly ISelector LinkInfoScore = Compile("div.linkinfo div.score");
        public static readonly ISelector Number = Compile("span.number");

        public const string ListingBodyClass = "listing-page";
        public const string CommentsBodyClass = "comments-page";
        public const string LoginBodyClass = "login-page";
        public const string LoggedInBodyClass = "loggedin";
    }

    internal static class Thing
    {
        public const string Class = "thing";
        public const string LinkFullnamePrefix = "t3_";
        public const string IdAttributePrefix = "thing_";
        public const string IdClassPrefix = "id-";

        public static readonly ISelector Title = Compile("p.title a.title");
        public static readonly ISelector Author = Compile("p.tagline a.author");
        public static readonly ISelector AuthorFlair = Compile("p.tagline span.flair");
        public static readonly ISelector LinkFlair = Compile("p.title span.linkflairlabel");
        public static readonly ISelector FlairEmoji = Compile("span.flairemoji[title]");
        public static readonly ISelector Time = Compile("p.tagline time");
        public static readonly ISelector EditedTime = Compile("p.tagline time.edited-timestamp");
        public static readonly ISelector Score = Compile("div.midcol div.score.unvoted");
        public static readonly ISelector CommentsLink = Compile("ul.flat-list a.comments");
        public static readonly ISelector Domain = Compile("p.title span.domain");
        public static readonly ISelector ThumbnailImage = Compile("a.thumbnail > img[src]");
        public static readonly ISelector Selftext = Compile("div.expando form.usertext div.usertext-body > div.md");
        public static readonly ISelector SelftextBody = Compile("div.expando div.usertext-body");
    }

    /// <summary>A comment thing's parts. CommentReader walks them child by child, reading each element's class
    /// attribute text, never by selector: a class selector builds and keeps a class list for every element it
    /// tests, and the comment tree is most of a submission page (see HtmlText.HasClass).</summary>
    internal static class Comment
    {
        public const string FullnamePrefix = "t1_";
        // A deleted comment keeps its id only in its report form: class "reportform report-t1_<id>".
        public const string ReportFormClass = "reportform";
        public const string ReportFormIdPrefix = "report-t1_";
        public const string ThingIdPrefix = "thing_t1_";
        public const string IdClassPrefix = "id-t1_";

        // thing > div.entry > p.tagline | (form|div).usertext > div.usertext-body > div.md | ul.buttons > li > a.bylink
        public const string Entry = "entry";
        public const string Tagline = "tagline";
        public const string UserText = "usertext";
        public const string UserTextBody = "usertext-body";
        public const string Markdown = "md";
        public const string Buttons = "buttons";
        public const string Bylink = "bylink";
        public const string PermalinkAction = "permalink";
        public const string EventAction = "data-event-action";
        // thing > div.child > div.sitetable > the replies
        public const string Child = "child";

        // Tagline parts.
        public const string Author = "author";
        public const string Flair = "flair";
        public const string Score = "score";
        public const string Unvoted = "unvoted";
        public const string ScoreHidden = "score-hidden";
        public const string Submitter = "submitter";
        public const string Moderator = "moderator";
        public const string Admin = "admin";
        public const string Collapsed = "collapsed";

        // The stubs: thing.morechildren > div.entry > span.morecomments > a[onclick], and
        // thing.morerecursion > div.entry > span.deepthread > a[href].
        public const string MoreChildren = "morechildren";
        public const string MoreRecursion = "morerecursion";
        public const string MoreCommentsLink = "morecomments";
        public const string DeepThread = "deepthread";
    }

    internal static class Classes
    {
        public const string Self = "self";
        public const string Stickied = "stickied";
        public const string Locked = "locked";
        public const string Archived = "archived";
        public const string Over18 = "over18";
        public const string Spoiler = "spoiler";
        public const string Promoted = "promoted";
        public const string PromotedLink = "promotedlink";
        public const string EditedTimestamp = "edited-timestamp";
        public const string Deleted = "deleted";
        public const string Comment = "comment";
        public const string AdminTakedown = "admin_takedown";
    }

    internal static class Data
    {
        public const string Fullname = "data-fullname";
        public const string Type = "data-type";
        public const string Subreddit = "data-subreddit";
        public const string Author = "data-author";
        public const string Timestamp = "data-timestamp";
        public const string Score = "data-score";
        public const string CommentsCount = "data-comments-count";
        public const string Permalink = "data-permalink";
        public const string Url = "data-url";
        public const string Domain = "data-domain";
        public const string Nsfw = "data-nsfw";
        public const string Spoiler = "data-spoiler";
        public const string Oc = "data-oc";
        public const string IsGallery = "data-is-gallery";
        public const string Promoted = "data-promoted";
        public const string Kind = "data-kind";
        public const string CrosspostRootAuthor = "data-crosspost-root-author";
        public const string CrosspostRootSubreddit = "data-crosspost-root-subreddit";
        public const string TargetRootFullname = "data-target-root-fullname";
        public const string TargetRootType = "data-target-root-type";

        public const string LinkType = "link";
        public const string VideoKind = "video";
        public const string True = "true";
    }

    internal static class Text
    {
        public const string BlockedTitle = "Blocked";
        public const string BlockedHeading = "whoa there, pardner";
        public const string PageNotFound = "page not found";
        // The 2014 private-subreddit page: its image file and heading.
        public const string PrivateErrorImage = "subreddit-private.png";
        public const string PrivateErrorHeading = "this subreddit is private";
        // www.reddit.com's 2026 block page (one capture, April 2026: "You've been blocked by network security.");
        // matched without the apostrophe, whose form is not certain across captures.
        public const string NetworkSecurityBlock = "blocked by network security";
        // The new-reddit sign-in page the login wall redirects to. Unconfirmed: known only from a capture
        // described in STRUCTURE.md §7, not from a saved page; the test page is derived.
        public const string SignInTitle = "Welcome to Reddit";
        // The user bar links to /user/NAME/.
        public const string UserPath = "/user/";
        public const string SearchResultsTitle = "search results";
        // The interstitial image's alt names the gate (reddit's templates: over 18, private, banned, quarantined).
        public const string Over18Alt = "over 18";
        public const string Private = "private";
        public const string Banned = "banned";
        public const string Quarantine = "quarantine";
        public const string Removed = "[removed]";
        public const string Deleted = "[deleted]";
        public const string DeletedByUser = "[deleted by user]";
        public const string RemovedByReddit = "[ Removed by Reddit ]";
        public const string VideoHost = "v.redd.it";
        public const string GalleryPath = "/gallery/";
        public const string AfterParameter = "after";
        public const string ClosingHtmlTag = "</html>";
    }
}
