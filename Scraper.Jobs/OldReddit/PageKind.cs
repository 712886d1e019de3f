namespace Scraper.Jobs.OldReddit;

/// <summary>What a page turned out to be. Everything but <see cref="Listing"/>, <see cref="EmptyListing"/>
/// and <see cref="Submission"/> is a page other than the one asked for.</summary>
public enum PageKind
{
    Listing,

    /// <summary>A listing that says "there doesn't seem to be anything here".</summary>
    EmptyListing,

    Submission,

    /// <summary>The "are you over eighteen?" gate of an NSFW subreddit.</summary>
    Over18Gate,

    /// <summary>"whoa there, pardner!": reddit refused the request (network policy, rate, user agent).</summary>
    Blocked,

    /// <summary>A sign-in page, or a redirect to a login URL, instead of old.reddit's page: since July 2026
    /// old.reddit serves only logged-in visitors.</summary>
    LoginWall,

    /// <summary>www.reddit.com's 2026 "You've been blocked by network security" page: the address or the client
    /// is refused, whatever the page asked for.</summary>
    NetworkSecurityBlock,

    /// <summary>Set by the fetcher, never by a parser: a session was sent, but the page came back logged out or as
    /// the login wall.</summary>
    SessionExpired,

    NotFound,

    PrivateSubreddit,

    BannedSubreddit,

    QuarantinedSubreddit,

    /// <summary>A listing asked for, a submission page received, or the other way round.</summary>
    WrongPageKind,

    /// <summary>The page ends early: cut off in transfer.</summary>
    Truncated,

    /// <summary>The page is whole but its structure is not the one this parser knows (no <c>#siteTable</c>,
    /// things without ids): reddit changed its markup.</summary>
    MarkupChanged,

    /// <summary>Set by the fetcher, never by a parser: more than one page may cost. The body is longer than
    /// <c>Reddit:MaxResponseBytes</c> (or says so in its Content-Length). Not read further.</summary>
    TooLarge,

    /// <summary>Set by the fetcher: the page took longer than <c>Reddit:Timeout</c> to parse (markup slow in a way
    /// the size cap and the depth scan do not catch). A page that holds a worker that long is not worth repeating.</summary>
    TooSlow,

    /// <summary>The elements nest deeper than <see cref="NestingDepth.Limit"/>: no reddit page does, and parsing
    /// such a page takes more than quadratic time in its depth. Found by a linear scan, before parsing.</summary>
    TooDeep,
}

/// <summary>The one snake-case name of each kind (<c>NotFound</c> → <c>not_found</c>): in logs, job states, metric
/// tags, the store and the verbs' output.</summary>
public static class PageKindNames
{
    private static readonly Dictionary<PageKind, string> Names = Enum.GetValues<PageKind>().ToDictionary(k => k, SnakeCase);
    private static readonly Dictionary<string, PageKind> Kinds = Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static string Of(PageKind kind) => Names[kind];

    public static bool TryParse(string name, out PageKind kind) => Kinds.TryGetValue(name, out kind);

    private static string SnakeCase(PageKind kind) =>
        string.Concat(kind.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}

/// <summary>Which outcomes are worth another request later.</summary>
public static class PageKindExtensions
{
    /// <summary>True for outcomes that a later identical request can change (a block, a cut-off body).</summary>
    public static bool IsTransient(this PageKind kind) => kind is PageKind.Blocked or PageKind.Truncated;

    /// <summary>True for outcomes about the account or the address rather than one page: every request would meet
    /// them, so fetching pauses (in every process) instead of failing jobs.</summary>
    public static bool IsAccessLost(this PageKind kind) =>
        kind is PageKind.LoginWall or PageKind.NetworkSecurityBlock or PageKind.SessionExpired;

    /// <summary>True for the pages that were asked for.</summary>
    public static bool IsSuccess(this PageKind kind) =>
        kind is PageKind.Listing or PageKind.EmptyListing or PageKind.Submission;
}

/// <summary>The result of parsing: the page when it is what was asked for, otherwise only its kind and a
/// one-line reason.</summary>
/// <param name="Kind">What the page turned out to be.</param>
/// <param name="Page">The page, when it is the one asked for.</param>
/// <param name="Reason">Why not, in one line, otherwise.</param>
/// <param name="LoggedInAs">The account the page was rendered for (its user bar), or null for a logged-out page
/// or one that shows no user bar.</param>
public sealed record ParseResult<TPage>(PageKind Kind, TPage? Page, string? Reason, string? LoggedInAs = null)
    where TPage : class;

internal static class ParseResult
{
    public static ParseResult<TPage> Success<TPage>(PageKind kind, TPage page, string? loggedInAs = null)
        where TPage : class => new(kind, page, null, loggedInAs);

    public static ParseResult<TPage> Failure<TPage>(PageKind kind, string reason, string? loggedInAs = null)
        where TPage : class => new(kind, null, reason, loggedInAs);
}
