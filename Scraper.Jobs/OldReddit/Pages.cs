namespace Scraper.Jobs.OldReddit;

/// <summary>A listing page: every thing in page order, and where the next page is.</summary>
public sealed record ListingPage(IReadOnlyList<Submission> Things, Uri? NextPage, string? After)
{
    /// <summary>The subreddit's own submissions: the things that are not promoted ads.</summary>
    public IEnumerable<Submission> Submissions => Things.Where(t => !t.IsPromoted);

    /// <summary>Promoted ads, reported so they can be counted, never stored as submissions.</summary>
    public IEnumerable<Submission> Ads => Things.Where(t => t.IsPromoted);
}

/// <summary>A submission's own page: the submission plus what only that page shows.</summary>
public sealed record SubmissionPage
{
    public required Submission Submission { get; init; }

    /// <summary>Selftext as plain text; empty for link posts and title-only self posts.</summary>
    public required string SelftextText { get; init; }

    /// <summary>Selftext as the page's HTML (the inner HTML of <c>div.md</c>); empty where there is none.</summary>
    public required string SelftextHtml { get; init; }

    /// <summary>The upvote ratio, 0..1, from "37 points (92% upvoted)"; null where the page shows none.</summary>
    public double? UpvoteRatio { get; init; }

    /// <summary>The points shown beside the ratio; null where the page shows none.</summary>
    public long? Points { get; init; }

    public RemovalState RemovalState { get; init; }

    /// <summary>N of the header "all N comments"; null for "top 200 comments" or where absent.</summary>
    public int? CommentCountInHeader { get; init; }

    /// <summary>Comments present in the page (not "load more" stubs).</summary>
    public required int CommentsRendered { get; init; }

    /// <summary>Every comment the page renders, in page order (a parent before its replies).</summary>
    public IReadOnlyList<Comment> Comments { get; init; } = [];

    /// <summary>The "load more comments" and "continue this thread" stubs, in page order.</summary>
    public IReadOnlyList<MoreComments> MoreComments { get; init; } = [];
}
