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

    LoginRequired,

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
}

/// <summary>Which outcomes are worth another request later.</summary>
public static class PageKindExtensions
{
    /// <summary>True for outcomes that a later identical request can change (a block, a cut-off body).</summary>
    public static bool IsTransient(this PageKind kind) => kind is PageKind.Blocked or PageKind.Truncated;

    /// <summary>True for the pages that were asked for.</summary>
    public static bool IsSuccess(this PageKind kind) =>
        kind is PageKind.Listing or PageKind.EmptyListing or PageKind.Submission;
}

/// <summary>The result of parsing: the page when it is what was asked for, otherwise only its kind and a
/// one-line reason.</summary>
public sealed record ParseResult<TPage>(PageKind Kind, TPage? Page, string? Reason)
    where TPage : class;

internal static class ParseResult
{
    public static ParseResult<TPage> Success<TPage>(PageKind kind, TPage page)
        where TPage : class => new(kind, page, null);

    public static ParseResult<TPage> Failure<TPage>(PageKind kind, string reason)
        where TPage : class => new(kind, null, reason);
}
