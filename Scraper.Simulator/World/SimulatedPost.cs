namespace Scraper.Simulator.World;

internal enum PostKind
{
    Self,
    Link,
    Image,
    Gallery,
    Video,
}

internal enum PostState
{
    Visible,

    /// <summary>Removed by moderators: the body reads [removed] and the post leaves the listings.</summary>
    Removed,

    /// <summary>Deleted by its author: author and body read [deleted] and the post leaves the listings.</summary>
    Deleted,
}

/// <summary>A flair as the world holds it. An emoji makes it a richtext flair; the CSS class, where there is one,
/// also goes onto the thing (<c>linkflair-&lt;css&gt;</c>).</summary>
internal sealed record FlairStyle(string Text, string? Emoji, string? CssClass);

/// <summary>Selftext as reddit renders it: HTML in the form AngleSharp writes back out (so the parser's
/// <c>InnerHtml</c> is this string), and the plain text, one line per block.</summary>
internal sealed record Selftext(string Html, string Text)
{
    public static readonly Selftext None = new(string.Empty, string.Empty);

    public bool IsEmpty => Html.Length == 0;
}

/// <summary>One submission as the world holds it: the truth the pages are rendered from and the parsers are
/// compared with. Immutable: a change replaces the record.</summary>
internal sealed record SimulatedPost
{
    public required string Id { get; init; }

    public required string Subreddit { get; init; }

    public required string Title { get; init; }

    /// <summary>reddit's URL slug of the title (r2's <c>title_to_url</c>).</summary>
    public required string Slug { get; init; }

    /// <summary>The author. Kept when the post is deleted, where the page no longer shows it.</summary>
    public required string Author { get; init; }

    /// <summary>Whole seconds: reddit's <c>data-timestamp</c> is always a multiple of 1000 ms.</summary>
    public required DateTimeOffset CreatedUtc { get; init; }

    public DateTimeOffset? EditedUtc { get; init; }

    public required PostKind Kind { get; init; }

    /// <summary>The absolute target for every kind but self posts, whose target is their permalink.</summary>
    public string? TargetUrl { get; init; }

    /// <summary><c>self.Sub</c>, <c>i.redd.it</c>, <c>v.redd.it</c>, <c>old.reddit.com</c> (galleries), or a host.</summary>
    public required string Domain { get; init; }

    /// <summary>Protocol-relative thumbnail source (<c>//b.thumbs.redditmedia.com/…</c>); null for a placeholder.</summary>
    public string? Thumbnail { get; init; }

    /// <summary>The duration shown over a video's thumbnail (<c>1:08</c>).</summary>
    public string? VideoDuration { get; init; }

    public FlairStyle? AuthorFlair { get; init; }

    public FlairStyle? LinkFlair { get; init; }

    public long Score { get; init; }

    public int CommentCount { get; init; }

    /// <summary>0–100, as the page shows it ("92% upvoted").</summary>
    public int UpvotePercent { get; init; }

    public Selftext Selftext { get; init; } = Selftext.None;

    public bool IsNsfw { get; init; }

    public bool IsSpoiler { get; init; }

    public bool IsOriginalContent { get; init; }

    public bool IsLocked { get; init; }

    public bool IsStickied { get; init; }

    public PostState State { get; init; }

    /// <summary>Every comment replies to the one before: one thread as deep as the post has comments, deeper than a
    /// page renders, so its pages end in "continue this thread".</summary>
    public bool IsThreaded { get; init; }

    public string PermalinkPath => "/r/" + Subreddit + "/comments/" + Id + "/" + Slug + "/";

    public bool IsListed => State == PostState.Visible;
}

/// <summary>A promoted ad: a thing with a t3 id on listing pages that is no submission of the subreddit.</summary>
internal sealed record SimulatedAd(
    string Id,
    string Advertiser,
    string Title,
    string Slug,
    string Url,
    string Domain,
    string Thumbnail,
    DateTimeOffset CreatedUtc)
{
    public string PermalinkPath => "/user/" + Advertiser + "/comments/" + Id + "/" + Slug + "/";
}
