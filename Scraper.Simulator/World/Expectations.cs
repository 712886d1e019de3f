using Scraper.Jobs.OldReddit;

namespace Scraper.Simulator.World;

/// <summary>What the parsers should read off the pages the simulator serves: the world's truth, put into the
/// parsers' own records. Pages and expectations are both written from this one place's rules (what a deleted
/// post hides, when a thumbnail is a placeholder, how many comments are rendered), so a difference between
/// them is a parser or renderer bug, not two opinions.</summary>
internal static class Expectations
{
    /// <summary>Comments rendered on a submission page; reddit renders up to 200, a handful keeps pages small.</summary>
    public const int RenderedComments = 6;

    /// <summary>reddit renders at most this many comments and then says "top 200 comments".</summary>
    public const int CommentLimit = 200;

    public static Submission Submission(SimulatedPost post, SubredditState subreddit, Uri site)
    {
        var deleted = post.State == PostState.Deleted;
        var permalink = new Uri(site, post.PermalinkPath);
        return new Submission
        {
            Id = post.Id,
            Subreddit = post.Subreddit,
            Title = post.Title,
            Author = deleted ? null : post.Author,
            AuthorFlair = deleted ? null : Flair(post.AuthorFlair),
            LinkFlair = Flair(post.LinkFlair),
            CreatedUtc = post.CreatedUtc,
            EditedUtc = post.EditedUtc,
            Score = post.Score,
            CommentCount = post.CommentCount,
            Permalink = permalink,
            Url = post.TargetUrl is null ? permalink : new Uri(post.TargetUrl),
            Domain = post.Domain,
            IsSelf = post.Kind == PostKind.Self,
            IsNsfw = IsNsfw(post, subreddit),
            IsSpoiler = post.IsSpoiler,
            IsStickied = post.IsStickied,
            IsLocked = post.IsLocked,
            IsOriginalContent = post.IsOriginalContent,
            IsGallery = post.Kind == PostKind.Gallery,
            IsVideo = post.Kind == PostKind.Video,
            Thumbnail = ThumbnailImage(post, subreddit) is { } source ? new Uri("https:" + source) : null,
        };
    }

    public static SubmissionPage Page(SimulatedPost post, SubredditState subreddit, Uri site)
    {
        var body = Body(post);
        return new SubmissionPage
        {
            Submission = Submission(post, subreddit, site),
            SelftextText = body.Text,
            SelftextHtml = body.Html,
            UpvoteRatio = post.UpvotePercent / 100.0,
            Points = post.Score,
            RemovalState = post.State switch
            {
                PostState.Deleted => RemovalState.Deleted,
                // A removed link post has no body to say so: its page looks like any other (see Body).
                PostState.Removed when post.Kind == PostKind.Self => RemovalState.Removed,
                _ => RemovalState.None,
            },
            CommentCountInHeader = post.CommentCount is > 0 and <= CommentLimit ? post.CommentCount : null,
            CommentsRendered = CommentsOnPage(post),
            Comments = Comments(post, site),
        };
    }

    /// <summary>The comments the page renders, in page order, with no stubs (the page renders no more than it
    /// has): each one either replies to the post or, where <see cref="ContentGenerator.RepliesToPrevious"/> says,
    /// to the comment before it, which puts it inside that comment's reply list.</summary>
    public static List<Comment> Comments(SimulatedPost post, Uri site)
    {
        var comments = new List<Comment>();
        for (var i = 0; i < CommentsOnPage(post); i++)
        {
            var comment = ContentGenerator.Comment(post, i);
            var reply = i > 0 && ContentGenerator.RepliesToPrevious(post, i);
            comments.Add(new Comment
            {
                Id = comment.Id,
                ParentFullname = reply ? comments[^1].Fullname : "t3_" + post.Id,
                Depth = reply ? comments[^1].Depth + 1 : 0,
                Author = comment.Author,
                BodyText = comment.Body,
                BodyHtml = "<p>" + ContentGenerator.EscapeText(comment.Body) + "</p>",
                Score = comment.Score,
                CreatedUtc = comment.Created,
                Permalink = new Uri(site, post.PermalinkPath + comment.Id + "/"),
            });
        }

        return comments;
    }

    public static Submission Ad(SimulatedAd ad, Uri site) => new()
    {
        Id = ad.Id,
        Subreddit = "u_" + ad.Advertiser,
        Title = ad.Title,
        Author = ad.Advertiser,
        CreatedUtc = ad.CreatedUtc,
        // Ads show "•" for the score and have no comments link: data-score and data-comments-count are 0.
        Score = 0,
        CommentCount = 0,
        Permalink = new Uri(site, ad.PermalinkPath),
        Url = new Uri(ad.Url),
        Domain = ad.Domain,
        IsLocked = true,
        IsPromoted = true,
        Thumbnail = new Uri("https:" + ad.Thumbnail),
    };

    /// <summary>The selftext the page shows: the author's text, or [deleted] / [removed] in its place. Link posts
    /// have no body, so nothing on a removed link post's page tells it apart.</summary>
    public static Selftext Body(SimulatedPost post) => post switch
    {
        { Kind: not PostKind.Self } => Selftext.None,
        { State: PostState.Deleted } => new Selftext("<p>[deleted]</p>", "[deleted]"),
        { State: PostState.Removed } => new Selftext("<p>[removed]</p>", "[removed]"),
        _ => post.Selftext,
    };

    public static int CommentsOnPage(SimulatedPost post) => Math.Min(post.CommentCount, RenderedComments);

    /// <summary>Posts in an over-18 subreddit are over 18 themselves.</summary>
    public static bool IsNsfw(SimulatedPost post, SubredditState subreddit) => post.IsNsfw || subreddit.IsNsfw;

    /// <summary>The thumbnail image, or null where reddit shows a placeholder (self, default, nsfw, spoiler) or,
    /// for a deleted post, no thumbnail at all.</summary>
    public static string? ThumbnailImage(SimulatedPost post, SubredditState subreddit) =>
        post.State == PostState.Deleted || post.IsSpoiler || IsNsfw(post, subreddit) ? null : post.Thumbnail;

    private static Flair? Flair(FlairStyle? style) => style is null ? null : new Flair(style.Text, style.Emoji);
}
