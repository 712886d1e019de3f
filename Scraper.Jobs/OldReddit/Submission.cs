namespace Scraper.Jobs.OldReddit;

/// <summary>One reddit submission (a <c>t3</c> thing) as old.reddit shows it on a listing or its own page.</summary>
public sealed record Submission
{
    /// <summary>The base36 id, e.g. <c>z0oio5</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The fullname, <c>t3_</c> + <see cref="Id"/>.</summary>
    public string Fullname => "t3_" + Id;

    /// <summary>Subreddit name as the page spells it (<c>China_irl</c>); ads carry <c>u_advertiser</c>.</summary>
    public required string Subreddit { get; init; }

    /// <summary>Title with whitespace collapsed.</summary>
    public required string Title { get; init; }

    /// <summary>Author name; null when the account is deleted (the page then shows <c>[deleted]</c>).</summary>
    public string? Author { get; init; }

    public Flair? AuthorFlair { get; init; }

    public Flair? LinkFlair { get; init; }

    /// <summary>Creation time (UTC); null only where the page gives none.</summary>
    public DateTimeOffset? CreatedUtc { get; init; }

    /// <summary>Last edit time (UTC) where the page shows one.</summary>
    public DateTimeOffset? EditedUtc { get; init; }

    /// <summary>The exact score, also where the page shows <c>•</c> or <c>48.9k</c>.</summary>
    public long? Score { get; init; }

    public int? CommentCount { get; init; }

    /// <summary>Absolute comments-page URL.</summary>
    public required Uri Permalink { get; init; }

    /// <summary>Absolute target URL (the permalink for self posts).</summary>
    public required Uri Url { get; init; }

    /// <summary><c>self.Sub</c>, <c>i.redd.it</c>, or the external host.</summary>
    public required string Domain { get; init; }

    public bool IsSelf { get; init; }

    public bool IsNsfw { get; init; }

    public bool IsSpoiler { get; init; }

    public bool IsStickied { get; init; }

    public bool IsLocked { get; init; }

    public bool IsArchived { get; init; }

    public bool IsOriginalContent { get; init; }

    public bool IsGallery { get; init; }

    public bool IsVideo { get; init; }

    /// <summary>A promoted ad: reported, never counted as one of the subreddit's submissions.</summary>
    public bool IsPromoted { get; init; }

    /// <summary>The post this one crossposts; null when it is not a crosspost.</summary>
    public CrosspostParent? CrosspostParent { get; init; }

    /// <summary>Absolute thumbnail image URL; null for self, default and spoiler placeholders.</summary>
    public Uri? Thumbnail { get; init; }
}

/// <summary>A flair: its text, and the first emoji code (<c>:admin:</c>) where the page gives one.</summary>
public sealed record Flair(string Text, string? EmojiCode);

/// <summary>The original of a crosspost.</summary>
public sealed record CrosspostParent(string? RootFullname, string? Subreddit, string? Author);

/// <summary>Whether a submission is still there.</summary>
public enum RemovalState
{
    /// <summary>Neither removed nor deleted.</summary>
    None,

    /// <summary>Removed by moderators or reddit: the body reads <c>[removed]</c>.</summary>
    Removed,

    /// <summary>Deleted by its author: the author and body read <c>[deleted]</c>.</summary>
    Deleted,
}
