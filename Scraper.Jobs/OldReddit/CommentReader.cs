using System.Text.RegularExpressions;
using AngleSharp.Dom;
using static Scraper.Jobs.OldReddit.HtmlText;

namespace Scraper.Jobs.OldReddit;

/// <summary>Reads every comment thing and every "more" stub of a submission page's comment area, in page order.
/// Parent and depth come from the nesting: a reply sits in its parent's <c>div.child</c>.</summary>
/// <remarks>It walks the tree child by child and tests class attribute text (<see cref="HasClass"/>), never a
/// selector over the comment area, and it never walks into a comment's body: the comment tree is 85–92% of a
/// large page, and a class selector would build a class list for each of its elements.</remarks>
internal static partial class CommentReader
{
    // What HTML splits a class attribute on.
    private static readonly char[] AsciiWhitespaceChars = [' ', '\t', '\n', '\f', '\r'];

    /// <summary>The comments and stubs under <paramref name="commentArea"/>; top-level ones reply to
    /// <paramref name="submissionFullname"/>, links resolve against <paramref name="page"/>.</summary>
    public static (List<Comment> Comments, List<MoreComments> MoreComments) Read(
        IElement commentArea, string submissionFullname, Uri page)
    {
        var comments = new List<Comment>();
        var stubs = new List<MoreComments>();
        Walk(commentArea, submissionFullname, 0, page, comments, stubs);
        return (comments, stubs);
    }

    private static void Walk(
        IElement container, string parent, int depth, Uri page, List<Comment> comments, List<MoreComments> stubs)
    {
        foreach (var element in container.Children)
        {
            if (element.LocalName != "div" || !HasClass(element, Markup.Thing.Class))
            {
                // Sitetables, div.child, clearleft, the menus and reply form: things lie somewhere below.
                if (element.ChildElementCount > 0)
                {
                    Walk(element, parent, depth, page, comments, stubs);
                }

                continue;
            }

            if (IsA(element, Markup.Classes.Comment))
            {
                var comment = ReadComment(element, parent, depth, page);
                // Without an id its replies could name no parent: the thread is left out rather than misfiled.
                if (comment is not null)
                {
                    comments.Add(comment);
                    if (DirectChild(element, Markup.Comment.Child) is { } replies)
                    {
                        Walk(replies, comment.Fullname, depth + 1, page, comments, stubs);
                    }
                }
            }
            else if (IsA(element, Markup.Comment.MoreChildren))
            {
                stubs.Add(ReadLoadMore(element, parent, depth));
            }
            else if (IsA(element, Markup.Comment.MoreRecursion))
            {
                stubs.Add(ReadContinueThread(element, parent, depth, page));
            }
        }
    }

    // The class names the kind; data-type is the same word on every modern and 2017 thing.
    private static bool IsA(IElement thing, string kind) =>
        HasClass(thing, kind) || thing.GetAttribute(Markup.Data.Type) == kind;

    private static Comment? ReadComment(IElement thing, string parent, int depth, Uri page)
    {
        var entry = DirectChild(thing, Markup.Comment.Entry);
        var id = ReadId(thing, entry);
        if (id is null)
        {
            return null;
        }

        var tagline = entry is null ? null : DirectChild(entry, Markup.Comment.Tagline);
        var tag = tagline is null ? default : ReadTagline(tagline);
        var markdown = entry is null ? null : ReadMarkdown(entry);
        var bodyText = markdown is null ? string.Empty : PlainText(markdown);
        var author = thing.GetAttribute(Markup.Data.Author);
        if (string.IsNullOrEmpty(author))
        {
            // A deleted account or comment has no data-author; its tagline shows [deleted] in an em or span.
            author = tag.AuthorText;
        }

        return new Comment
        {
            Id = id,
            ParentFullname = parent,
            Depth = depth,
            Author = string.IsNullOrEmpty(author) || author == Markup.Text.Deleted ? null : author,
            AuthorFlair = tag.Flair,
            BodyText = bodyText,
            BodyHtml = markdown?.InnerHtml.Trim() ?? string.Empty,
            Score = tag.IsScoreHidden ? null : tag.Score,
            IsScoreHidden = tag.IsScoreHidden,
            CreatedUtc = tag.Created,
            EditedUtc = tag.Edited,
            Distinguished = tag.Distinguished,
            IsStickied = HasClass(thing, Markup.Classes.Stickied),
            IsSubmitter = tag.IsSubmitter,
            IsCollapsed = HasClass(thing, Markup.Comment.Collapsed),
            // The body says which: [removed] by moderators or reddit, [deleted] by the author. A deleted comment
            // whose body is kept anyway (or empty) still has the thing's "deleted" class.
            RemovalState = bodyText switch
            {
                Markup.Text.Removed => RemovalState.Removed,
                Markup.Text.Deleted => RemovalState.Deleted,
                _ => HasClass(thing, Markup.Classes.Deleted) ? RemovalState.Deleted : RemovalState.None,
            },
            Permalink = Resolve(page, thing.GetAttribute(Markup.Data.Permalink))
                ?? (entry is null ? null : Resolve(page, PermalinkButton(entry)?.GetAttribute("href"))),
        };
    }

    /// <summary>From data-fullname; for a deleted comment, which has none, from its report form's class; then
    /// the element id and the <c>id-t1_</c> class.</summary>
    private static string? ReadId(IElement thing, IElement? entry)
    {
        if (Base36After(thing.GetAttribute(Markup.Data.Fullname), Markup.Comment.FullnamePrefix) is { } id)
        {
            return id;
        }

        if (entry is not null && DirectChild(entry, Markup.Comment.ReportFormClass) is { } reportForm
            && TokenAfter(reportForm, Markup.Comment.ReportFormIdPrefix) is { } fromReport)
        {
            return fromReport;
        }

        return Base36After(thing.Id, Markup.Comment.ThingIdPrefix) ?? TokenAfter(thing, Markup.Comment.IdClassPrefix);
    }

    private static string? TokenAfter(IElement element, string prefix)
    {
        var classes = element.GetAttribute("class");
        if (classes is null)
        {
            return null;
        }

        foreach (var token in classes.Split(AsciiWhitespaceChars, StringSplitOptions.RemoveEmptyEntries))
        {
            if (Base36After(token, prefix) is { } id)
            {
                return id;
            }
        }

        return null;
    }

    private static string? Base36After(string? value, string prefix) =>
        value is not null && value.Length > prefix.Length && value.StartsWith(prefix, StringComparison.Ordinal)
            && IsBase36(value.AsSpan(prefix.Length))
            ? value[prefix.Length..]
            : null;

    private static bool IsBase36(ReadOnlySpan<char> id)
    {
        foreach (var c in id)
        {
            if (!char.IsAsciiDigit(c) && !char.IsAsciiLetterLower(c))
            {
                return false;
            }
        }

        return true;
    }

    private readonly record struct Tagline(
        string? AuthorText, Flair? Flair, long? Score, bool IsScoreHidden, DateTimeOffset? Created,
        DateTimeOffset? Edited, Distinguished Distinguished, bool IsSubmitter);

    /// <summary>The tagline's direct children: the author link (or [deleted]), flair, score, times and the
    /// userattrs brackets ([S], [M], [A]).</summary>
    private static Tagline ReadTagline(IElement tagline)
    {
        string? author = null;
        Flair? flair = null;
        long? score = null;
        var hidden = false;
        DateTimeOffset? created = null;
        DateTimeOffset? edited = null;
        var distinguished = Distinguished.None;
        var submitter = false;
        foreach (var part in tagline.Children)
        {
            switch (part.LocalName)
            {
                case "a" when HasClass(part, Markup.Comment.Author):
                    author = Collapse(part.TextContent);
                    submitter |= HasClass(part, Markup.Comment.Submitter);
                    distinguished = HasClass(part, Markup.Comment.Admin) ? Distinguished.Admin
                        : HasClass(part, Markup.Comment.Moderator) ? Distinguished.Moderator
                        : distinguished;
                    break;
                case "em" or "span" when author is null && Collapse(part.TextContent) == Markup.Text.Deleted:
                    author = Markup.Text.Deleted;
                    break;
                case "span" when flair is null && HasClass(part, Markup.Comment.Flair):
                    flair = ThingReader.ReadFlair(part);
                    break;
                // The exact number is the unvoted span's title; the likes/dislikes spans are ±1.
                case "span" when HasClass(part, Markup.Comment.Score) && HasClass(part, Markup.Comment.Unvoted):
                    score = ParseLong(part.GetAttribute("title")) ?? FirstNumber(part.TextContent);
                    break;
                case "span" when HasClass(part, Markup.Comment.ScoreHidden):
                    hidden = true;
                    break;
                case "time" when HasClass(part, Markup.Classes.EditedTimestamp):
                    edited ??= ParseIsoTime(part.GetAttribute("datetime"));
                    break;
                // The first other time is the creation.
                case "time":
                    created ??= ParseIsoTime(part.GetAttribute("datetime"));
                    break;
            }
        }

        return new(author, flair, score, hidden, created, edited, distinguished, submitter);
    }

    /// <summary><c>div.md</c> of the comment's own body: a form.usertext, or div.usertext.grayed once deleted.</summary>
    private static IElement? ReadMarkdown(IElement entry)
    {
        foreach (var part in entry.Children)
        {
            if (HasClass(part, Markup.Comment.UserText)
                && DirectChild(part, Markup.Comment.UserTextBody) is { } body
                && DirectChild(body, Markup.Comment.Markdown) is { } markdown)
            {
                return markdown;
            }
        }

        return null;
    }

    // ul.buttons > li > a.bylink[data-event-action=permalink]: the 2017 pages' only permalink (no data-permalink).
    private static IElement? PermalinkButton(IElement entry)
    {
        var buttons = DirectChild(entry, Markup.Comment.Buttons);
        if (buttons is null)
        {
            return null;
        }

        foreach (var item in buttons.Children)
        {
            foreach (var link in item.Children)
            {
                if (link.LocalName == "a" && link.GetAttribute(Markup.Comment.EventAction) == Markup.Comment.PermalinkAction
                    && HasClass(link, Markup.Comment.Bylink))
                {
                    return link;
                }
            }
        }

        return null;
    }

    private static MoreComments ReadLoadMore(IElement thing, string parent, int depth)
    {
        var link = StubLink(thing, Markup.Comment.MoreCommentsLink);
        var count = FirstNumber(Collapse(link?.TextContent));
        return new MoreComments
        {
            Kind = MoreCommentsKind.LoadMore,
            ParentFullname = parent,
            Depth = depth,
            Count = count is { } n and <= int.MaxValue ? (int)n : null,
            ChildIds = ChildIds(link?.GetAttribute("onclick")),
        };
    }

    private static MoreComments ReadContinueThread(IElement thing, string parent, int depth, Uri page) => new()
    {
        Kind = MoreCommentsKind.ContinueThread,
        ParentFullname = parent,
        Depth = depth,
        Link = Resolve(page, StubLink(thing, Markup.Comment.DeepThread)?.GetAttribute("href")),
    };

    // thing > div.entry > span.<holder> > a
    private static IElement? StubLink(IElement thing, string holder)
    {
        var entry = DirectChild(thing, Markup.Comment.Entry);
        var span = entry is null ? null : DirectChild(entry, holder);
        return span?.Children.FirstOrDefault(c => c.LocalName == "a");
    }

    /// <summary>The ids in <c>morechildren(this, 't3_x', 'sort', CHILDREN, …)</c>: modern pages write
    /// <c>'c1:t1_a,t1_b'</c>, 2017 pages <c>'a,b', 9</c>.</summary>
    private static string[] ChildIds(string? onclick)
    {
        var match = onclick is null ? Match.Empty : MoreChildrenCall().Match(onclick);
        if (!match.Success)
        {
            return [];
        }

        return match.Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(id => id.StartsWith(Markup.Comment.FullnamePrefix, StringComparison.Ordinal)
                ? id[Markup.Comment.FullnamePrefix.Length..]
                : id)
            .Where(id => id.Length > 0 && IsBase36(id))
            .ToArray();
    }

    // The fourth argument, past an optional "c1:" style prefix.
    [GeneratedRegex(@"morechildren\(\s*this\s*,\s*'[^']*'\s*,\s*'[^']*'\s*,\s*'(?:[a-z]\d*:)?([^']*)'")]
    private static partial Regex MoreChildrenCall();

    private static IElement? DirectChild(IElement parent, string className)
    {
        foreach (var child in parent.Children)
        {
            if (HasClass(child, className))
            {
                return child;
            }
        }

        return null;
    }
}
