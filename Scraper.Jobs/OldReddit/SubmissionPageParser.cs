using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Scraper.Jobs.OldReddit;

/// <summary>Reads an old.reddit submission page (<c>/r/{sub}/comments/{id}/{slug}/</c>).</summary>
public static partial class SubmissionPageParser
{
    /// <inheritdoc cref="PageReader.Read" path="/param"/>
    public static ParseResult<SubmissionPage> Parse(string html, Uri pageUrl, CancellationToken cancellationToken = default)
    {
        var read = PageReader.Read(html, pageUrl, PageKind.Submission, cancellationToken);
        if (read.Document is not { } document)
        {
            return read.Failure<SubmissionPage>();
        }

        var siteTable = document.Find(Markup.Page.SiteTable);
        var things = siteTable?.Children
            .Where(c => c.ClassList.Contains(Markup.Thing.Class) && ThingReader.IsPost(c))
            .Take(2)
            .ToList();
        if (things is not { Count: 1 })
        {
            return read.Failure<SubmissionPage>(
                PageKind.MarkupChanged, "expected exactly one post in #siteTable, found " + (things?.Count ?? 0));
        }

        var thing = things[0];
        var submission = ThingReader.Read(thing, pageUrl, out var thingProblem);
        if (submission is null)
        {
            return read.Failure<SubmissionPage>(PageKind.MarkupChanged, thingProblem!);
        }

        var selftext = thing.Find(Markup.Thing.Selftext);
        var selftextText = selftext is null ? string.Empty : HtmlText.PlainText(selftext);
        var ratioText = HtmlText.Collapse(document.Find(Markup.Page.LinkInfoScore)?.TextContent);
        var ratio = UpvoteRatio().Match(ratioText);
        var commentArea = document.Find(Markup.Page.CommentArea);
        var header = HeaderCount().Match(HtmlText.Collapse(commentArea?.Find(Markup.Page.CommentsHeader)?.TextContent));
        var (comments, stubs) = commentArea is null
            ? ([], [])
            : CommentReader.Read(commentArea, Markup.Thing.LinkFullnamePrefix + submission.Id, pageUrl);

        return read.Success(PageKind.Submission, new SubmissionPage
        {
            Submission = submission,
            SelftextText = selftextText,
            SelftextHtml = selftext?.InnerHtml.Trim() ?? string.Empty,
            UpvoteRatio = ratio.Success ? int.Parse(ratio.Groups[1].ValueSpan, provider: null) / 100.0 : null,
            Points = ratio.Success
                ? HtmlText.FirstNumber(document.Find(Markup.Page.LinkInfoScore)?.Find(Markup.Page.Number)?.TextContent)
                : null,
            RemovalState = ReadRemovalState(thing, submission, selftextText),
            CommentCountInHeader = header.Success && int.TryParse(header.Groups[1].ValueSpan, provider: null, out var n) ? n : null,
            CommentsRendered = comments.Count,
            Comments = comments,
            MoreComments = stubs,
        });
    }

    private static RemovalState ReadRemovalState(IElement thing, Submission submission, string selftext)
    {
        // What reddit's templates and live old-reddit tools use: the body text, the title text a deleted post
        // is given, the thing's "deleted" class, and "admin_takedown" on the body.
        if (selftext == Markup.Text.Deleted || submission.Title == Markup.Text.DeletedByUser)
        {
            return RemovalState.Deleted;
        }

        if (selftext == Markup.Text.Removed
            || string.Equals(submission.Title, Markup.Text.RemovedByReddit, StringComparison.OrdinalIgnoreCase)
            || thing.Find(Markup.Thing.SelftextBody)?.ClassList.Contains(Markup.Classes.AdminTakedown) == true)
        {
            return RemovalState.Removed;
        }

        return thing.ClassList.Contains(Markup.Classes.Deleted) ? RemovalState.Deleted : RemovalState.None;
    }

    // Prettified pages split this text over lines; it is collapsed before matching.
    [GeneratedRegex(@"\((\d{1,3})\s*%\s*upvoted\)")]
    private static partial Regex UpvoteRatio();

    [GeneratedRegex(@"^all\s+(\d+)\s+comments?$")]
    private static partial Regex HeaderCount();
}
