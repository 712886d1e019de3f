namespace Scraper.Jobs.OldReddit;

/// <summary>One comment (a <c>t1</c> thing) as its submission's page renders it.</summary>
public sealed record Comment
{
    /// <summary>The base36 id. A deleted or removed comment keeps it only in its report form's class.</summary>
    public required string Id { get; init; }

    /// <summary>The fullname, <c>t1_</c> + <see cref="Id"/>.</summary>
    public string Fullname => "t1_" + Id;

    /// <summary>The parent's fullname: <c>t1_…</c> for a reply, the submission's <c>t3_…</c> for a top-level
    /// comment.</summary>
    public required string ParentFullname { get; init; }

    /// <summary>0 for a top-level comment, one more for each reply level.</summary>
    public required int Depth { get; init; }

    /// <summary>Author name; null when the account or the comment is deleted.</summary>
    public string? Author { get; init; }

    public Flair? AuthorFlair { get; init; }

    /// <summary>The body as plain text, one line per block; <c>[deleted]</c>/<c>[removed]</c> as the page shows it.</summary>
    public required string BodyText { get; init; }

    /// <summary>The body as the page's HTML (the inner HTML of <c>div.md</c>); empty where there is none.</summary>
    public required string BodyHtml { get; init; }

    /// <summary>The exact score (the score span's <c>title</c>); null where hidden or not shown.</summary>
    public long? Score { get; init; }

    /// <summary>"[score hidden]": the subreddit hides young comments' scores.</summary>
    public bool IsScoreHidden { get; init; }

    public DateTimeOffset? CreatedUtc { get; init; }

    public DateTimeOffset? EditedUtc { get; init; }

    public Distinguished Distinguished { get; init; }

    public bool IsStickied { get; init; }

    /// <summary>Written by the submission's author (the tagline's <c>submitter</c> class).</summary>
    public bool IsSubmitter { get; init; }

    public bool IsCollapsed { get; init; }

    public RemovalState RemovalState { get; init; }

    /// <summary>Absolute permalink; null where the page gives none.</summary>
    public Uri? Permalink { get; init; }
}

/// <summary>Who, speaking for the site, marked a comment or post.</summary>
public enum Distinguished
{
    None,
    Moderator,
    Admin,
}

/// <summary>A stub standing for comments the page did not render.</summary>
public sealed record MoreComments
{
    public required MoreCommentsKind Kind { get; init; }

    /// <summary>The fullname of the thing the hidden comments reply to.</summary>
    public required string ParentFullname { get; init; }

    /// <summary>The depth the hidden comments would have.</summary>
    public required int Depth { get; init; }

    /// <summary>The count the stub shows ("load more comments (12 replies)"); null where it shows none.</summary>
    public int? Count { get; init; }

    /// <summary>The ids of the hidden comments, where the stub's markup names them.</summary>
    public IReadOnlyList<string> ChildIds { get; init; } = [];

    /// <summary>"continue this thread": the deeper page; null for "load more comments".</summary>
    public Uri? Link { get; init; }
}

public enum MoreCommentsKind
{
    /// <summary>"load more comments": <c>div.thing.morechildren</c>.</summary>
    LoadMore,

    /// <summary>"continue this thread": <c>div.thing.morerecursion</c>.</summary>
    ContinueThread,
}
