using AngleSharp.Dom;
using static Scraper.Jobs.OldReddit.HtmlText;

namespace Scraper.Jobs.OldReddit;

/// <summary>Reads one post thing (<c>div.thing</c>, a t3) into a <see cref="Submission"/>. Every <c>data-*</c>
/// attribute is optional (the 2017 markup lacks many): each field falls back to the visible markup.</summary>
internal static class ThingReader
{
    /// <summary>The thing's base36 id, from <c>data-fullname</c>, its element id or its <c>id-t3_</c> class.</summary>
    public static string? ReadId(IElement thing)
    {
        if (StripPrefix(thing.GetAttribute(Markup.Data.Fullname), Markup.Thing.LinkFullnamePrefix) is { } id)
        {
            return id;
        }

        var elementId = thing.Id;
        if (elementId is not null && elementId.StartsWith(Markup.Thing.IdAttributePrefix, StringComparison.Ordinal)
            && StripPrefix(elementId[Markup.Thing.IdAttributePrefix.Length..], Markup.Thing.LinkFullnamePrefix) is { } fromId)
        {
            return fromId;
        }

        foreach (var token in thing.ClassList)
        {
            if (token.StartsWith(Markup.Thing.IdClassPrefix, StringComparison.Ordinal)
                && StripPrefix(token[Markup.Thing.IdClassPrefix.Length..], Markup.Thing.LinkFullnamePrefix) is { } fromClass)
            {
                return fromClass;
            }
        }

        return null;
    }

    /// <summary>True for a post thing; false for comments and "more" stubs.</summary>
    public static bool IsPost(IElement thing)
    {
        var type = thing.GetAttribute(Markup.Data.Type);
        if (type is not null)
        {
            return type == Markup.Data.LinkType;
        }

        var fullname = thing.GetAttribute(Markup.Data.Fullname);
        return fullname is null || fullname.StartsWith(Markup.Thing.LinkFullnamePrefix, StringComparison.Ordinal);
    }

    /// <summary>The submission, or null with the reason when the thing lacks what every post has (an id, a
    /// title, a permalink): that is reddit's markup having changed, not a post.</summary>
    public static Submission? Read(IElement thing, Uri page, out string? problem)
    {
        problem = null;
        var id = ReadId(thing);
        if (id is null || !IsBase36(id))
        {
            problem = "a post thing has no t3 id";
            return null;
        }

        var titleLink = thing.Find(Markup.Thing.Title);
        var title = Collapse(titleLink?.TextContent);
        if (title.Length == 0)
        {
            problem = "post " + id + " has no title";
            return null;
        }

        var commentsLink = thing.Find(Markup.Thing.CommentsLink);
        var permalink = Resolve(page, thing.GetAttribute(Markup.Data.Permalink))
            ?? Resolve(page, commentsLink?.GetAttribute("href"));
        if (permalink is null)
        {
            problem = "post " + id + " has no permalink";
            return null;
        }

        var classes = thing.ClassList;
        var domain = thing.GetAttribute(Markup.Data.Domain) ?? ReadVisibleDomain(thing);
        var url = Resolve(page, thing.GetAttribute(Markup.Data.Url))
            ?? Resolve(page, titleLink?.GetAttribute("href"))
            ?? permalink;
        var kind = thing.GetAttribute(Markup.Data.Kind);

        return new Submission
        {
            Id = id,
            Subreddit = thing.GetAttribute(Markup.Data.Subreddit) ?? SubredditFromPermalink(permalink) ?? string.Empty,
            Title = title,
            Author = ReadAuthor(thing),
            AuthorFlair = ReadFlair(thing.Find(Markup.Thing.AuthorFlair)),
            LinkFlair = ReadFlair(thing.Find(Markup.Thing.LinkFlair)),
            CreatedUtc = ParseUnixMilliseconds(thing.GetAttribute(Markup.Data.Timestamp)) ?? ReadCreatedTime(thing),
            EditedUtc = ParseIsoTime(thing.Find(Markup.Thing.EditedTime)?.GetAttribute("datetime")),
            Score = ReadScore(thing),
            CommentCount = ReadCommentCount(thing, commentsLink),
            Permalink = permalink,
            Url = url,
            Domain = domain,
            // The class, not the domain: a crosspost of a self post has domain self.X but is a link to that post.
            IsSelf = classes.Contains(Markup.Classes.Self),
            IsNsfw = IsTrue(thing, Markup.Data.Nsfw) || classes.Contains(Markup.Classes.Over18),
            // Whole class tokens only: "linkflair-spoiler" is a flair's CSS class, not a spoiler tag.
            IsSpoiler = IsTrue(thing, Markup.Data.Spoiler) || classes.Contains(Markup.Classes.Spoiler),
            IsStickied = classes.Contains(Markup.Classes.Stickied),
            IsLocked = classes.Contains(Markup.Classes.Locked),
            IsArchived = classes.Contains(Markup.Classes.Archived),
            IsOriginalContent = IsTrue(thing, Markup.Data.Oc),
            // The URL is only the 2017 fallback: a crosspost of a gallery links to /gallery/ but says false.
            IsGallery = thing.GetAttribute(Markup.Data.IsGallery) is { } gallery
                ? string.Equals(gallery, Markup.Data.True, StringComparison.OrdinalIgnoreCase)
                : url.AbsolutePath.StartsWith(Markup.Text.GalleryPath, StringComparison.Ordinal),
            IsVideo = domain == Markup.Text.VideoHost || url.Host == Markup.Text.VideoHost
                || kind == Markup.Data.VideoKind
                || thing.GetAttribute(Markup.Data.TargetRootType) == Markup.Data.VideoKind,
            IsPromoted = IsTrue(thing, Markup.Data.Promoted)
                || classes.Contains(Markup.Classes.PromotedLink) || classes.Contains(Markup.Classes.Promoted),
            CrosspostParent = ReadCrosspostParent(thing),
            Thumbnail = Resolve(page, thing.Find(Markup.Thing.ThumbnailImage)?.GetAttribute("src")),
        };
    }

    private static string? ReadAuthor(IElement thing)
    {
        var author = thing.GetAttribute(Markup.Data.Author);
        if (string.IsNullOrEmpty(author))
        {
            // A deleted account has no data-author and no a.author, only "by <span>[deleted]</span>".
            author = Collapse(thing.Find(Markup.Thing.Author)?.TextContent);
        }

        return author.Length == 0 || author == Markup.Text.Deleted ? null : author;
    }

    public static Flair? ReadFlair(IElement? flair)
    {
        if (flair is null)
        {
            return null;
        }

        var emoji = flair.Find(Markup.Thing.FlairEmoji)?.GetAttribute("title");
        var text = Collapse(flair.TextContent);
        if (text.Length == 0)
        {
            // An emoji-only flair shows no text; its title holds the full text, emoji codes included.
            text = Collapse(flair.GetAttribute("title"));
        }

        return text.Length == 0 && emoji is null ? null : new Flair(text, emoji);
    }

    private static DateTimeOffset? ReadCreatedTime(IElement thing)
    {
        // The first time in the tagline is the creation; an edited post adds a second one.
        foreach (var time in thing.FindAll(Markup.Thing.Time))
        {
            if (!time.ClassList.Contains(Markup.Classes.EditedTimestamp))
            {
                return ParseIsoTime(time.GetAttribute("datetime"));
            }
        }

        return null;
    }

    private static long? ReadScore(IElement thing)
    {
        // The visible score's title is the exact number. On 2017 pages data-score is stale, so it comes second;
        // on modern pages the two always agree. A hidden score ("•") has no title: data-score holds the value.
        var visible = thing.Find(Markup.Thing.Score);
        return ParseLong(visible?.GetAttribute("title"))
            ?? ParseLong(thing.GetAttribute(Markup.Data.Score))
            ?? ParseLong(Collapse(visible?.TextContent));
    }

    private static int? ReadCommentCount(IElement thing, IElement? commentsLink)
    {
        // "41 comments", "1 comment", and "comment" alone for none. The link text comes first because the
        // 2017 pages' data-comments-count is stale; the two agree on modern pages. Ads have no link.
        if (commentsLink is not null)
        {
            var text = Collapse(commentsLink.TextContent);
            if (FirstNumber(text) is { } count and <= int.MaxValue)
            {
                return (int)count;
            }

            if (text.Length > 0 && !text.Any(char.IsAsciiDigit))
            {
                return 0;
            }
        }

        return ParseLong(thing.GetAttribute(Markup.Data.CommentsCount)) is { } data and >= 0 and <= int.MaxValue
            ? (int)data
            : null;
    }

    private static string ReadVisibleDomain(IElement thing) =>
        Collapse(thing.Find(Markup.Thing.Domain)?.TextContent).Trim('(', ')', ' ');

    private static CrosspostParent? ReadCrosspostParent(IElement thing)
    {
        // data-num-crossposts counts crossposts OF this post; only the root attributes mark a crosspost.
        var rootFullname = thing.GetAttribute(Markup.Data.TargetRootFullname);
        var subreddit = thing.GetAttribute(Markup.Data.CrosspostRootSubreddit);
        var author = thing.GetAttribute(Markup.Data.CrosspostRootAuthor);
        return rootFullname is null && subreddit is null && author is null
            ? null
            : new CrosspostParent(rootFullname, subreddit, author);
    }

    private static string? SubredditFromPermalink(Uri permalink)
    {
        var segments = permalink.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 2 && segments[0] == "r" ? Uri.UnescapeDataString(segments[1]) : null;
    }

    private static bool IsTrue(IElement thing, string attribute) =>
        string.Equals(thing.GetAttribute(attribute), Markup.Data.True, StringComparison.OrdinalIgnoreCase);

    private static string? StripPrefix(string? value, string prefix) =>
        value is not null && value.Length > prefix.Length && value.StartsWith(prefix, StringComparison.Ordinal)
            ? value[prefix.Length..]
            : null;

    private static bool IsBase36(string id) => id.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c));
}
