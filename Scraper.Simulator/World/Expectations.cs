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

    /// <summary>Replies nest this deep on a page (0 is top level); a reply deeper than that is not rendered, and its
    /// parent's reply list holds a "continue this thread" link instead, as reddit's depth 10 (the 2017 television
    /// page's stub sits at depth 10).</summary>
    public const int DepthLimit = 10;

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

    /// <summary>The submission's page; given <paramref name="root"/>, the "continue this thread" page of that
    /// comment (its index), which shows it at the top and its replies under it.</summary>
    public static SubmissionPage Page(SimulatedPost post, SubredditState subreddit, Uri site, int? root = null)
    {
        var body = Body(post);
        var layout = Layout(post, root);
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
            CommentsRendered = layout.Shown.Count,
            Comments = Comments(post, site, layout),
            MoreComments = [.. layout.Continued.Select(anchor => ContinueThread(post, site, anchor))],
        };
    }

    /// <summary>The comments a page renders, in page order: each one either replies to the post or, where
    /// <see cref="ContentGenerator.RepliesToPrevious"/> says, to the comment before it, which puts it inside that
    /// comment's reply list — down to <see cref="DepthLimit"/>.</summary>
    private static List<Comment> Comments(SimulatedPost post, Uri site, CommentLayout layout)
    {
        var comments = new List<Comment>(layout.Shown.Count);
        foreach (var (index, depth) in layout.Shown)
        {
            var comment = ContentGenerator.Comment(post, index);
            comments.Add(new Comment
            {
                Id = comment.Id,
                ParentFullname = depth > 0 ? comments[^1].Fullname : "t3_" + post.Id,
                Depth = depth,
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

    private static MoreComments ContinueThread(SimulatedPost post, Uri site, int anchor)
    {
        var id = ContentGenerator.Comment(post, anchor).Id;
        return new MoreComments
        {
            Kind = MoreCommentsKind.ContinueThread,
            ParentFullname = "t1_" + id,
            Depth = DepthLimit,
            Link = new Uri(site, ThreadPath(post, id)),
        };
    }

    /// <summary>The path of a comment's "continue this thread" page: its permalink.</summary>
    public static string ThreadPath(SimulatedPost post, string commentId) => post.PermalinkPath + commentId + "/";

    /// <summary>The index of the post's comment <paramref name="commentId"/> among those it can render; null when
    /// it has none of that id.</summary>
    public static int? CommentIndex(SimulatedPost post, string commentId)
    {
        for (var i = 0; i < CommentsOnPage(post); i++)
        {
            if (ContentGenerator.Comment(post, i).Id == commentId)
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>Where the post's comments stand on a page: the submission's (<paramref name="root"/> null) or the
    /// "continue this thread" page of comment <paramref name="root"/>, which shows it at depth 0 and the thread
    /// under it. <see cref="CommentLayout.Shown"/>: each rendered comment's index and depth, in page order;
    /// <see cref="CommentLayout.Continued"/>: the comments whose replies go on past <see cref="DepthLimit"/>.</summary>
    public static CommentLayout Layout(SimulatedPost post, int? root)
    {
        var shown = new List<(int, int)>();
        var continued = new List<int>();
        var start = root ?? 0;
        var depth = -1;
        var hidden = false;
        for (var i = start; i < CommentsOnPage(post); i++)
        {
            var reply = i > start && ContentGenerator.RepliesToPrevious(post, i);
            if (root is not null && i > start && !reply)
            {
                break;
            }

            if (!reply)
            {
                (depth, hidden) = (0, false);
            }
            else if (!hidden && ++depth == DepthLimit)
            {
                hidden = true;
                continued.Add(i - 1);
            }

            if (!hidden)
            {
                shown.Add((i, depth));
            }
        }

        return new CommentLayout(shown, continued);
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

    /// <summary>The comments a post can render: a handful, or reddit's 200 for a threaded one (a thread deep enough
    /// to go on past a page).</summary>
    public static int CommentsOnPage(SimulatedPost post) => Math.Min(post.CommentCount, post.IsThreaded ? CommentLimit : RenderedComments);

    /// <summary>Posts in an over-18 subreddit are over 18 themselves.</summary>
    public static bool IsNsfw(SimulatedPost post, SubredditState subreddit) => post.IsNsfw || subreddit.IsNsfw;

    /// <summary>The thumbnail image, or null where reddit shows a placeholder (self, default, nsfw, spoiler) or,
    /// for a deleted post, no thumbnail at all.</summary>
    public static string? ThumbnailImage(SimulatedPost post, SubredditState subreddit) =>
        post.State == PostState.Deleted || post.IsSpoiler || IsNsfw(post, subreddit) ? null : post.Thumbnail;

    private static Flair? Flair(FlairStyle? style) => style is null ? null : new Flair(style.Text, style.Emoji);
}

/// <summary>See <see cref="Expectations.Layout"/>.</summary>
internal sealed record CommentLayout(IReadOnlyList<(int Index, int Depth)> Shown, IReadOnlyList<int> Continued);
