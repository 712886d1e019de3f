namespace Scraper.Jobs.OldReddit;

/// <summary>Reads an old.reddit listing page (<c>/r/{sub}/</c>, <c>/r/{sub}/new/</c>, the front page).</summary>
public static class ListingParser
{
    /// <inheritdoc cref="PageReader.Read" path="/param"/>
    public static ParseResult<ListingPage> Parse(string html, Uri pageUrl, CancellationToken cancellationToken = default)
    {
        var read = PageReader.Read(html, pageUrl, PageKind.Listing, cancellationToken);
        if (read.Document is not { } document)
        {
            return read.Failure<ListingPage>();
        }

        var siteTable = document.Find(Markup.Page.SiteTable);
        if (siteTable is null)
        {
            return read.Failure<ListingPage>(PageKind.MarkupChanged, "the page has no #siteTable");
        }

        var things = new List<Submission>();
        foreach (var child in siteTable.Children)
        {
            if (!child.ClassList.Contains(Markup.Thing.Class) || !ThingReader.IsPost(child))
            {
                continue;
            }

            var submission = ThingReader.Read(child, pageUrl, out var thingProblem);
            if (submission is null)
            {
                return read.Failure<ListingPage>(PageKind.MarkupChanged, thingProblem!);
            }

            things.Add(submission);
        }

        var next = HtmlText.Resolve(pageUrl, document.Find(Markup.Page.NextLink)?.GetAttribute("href"));
        var after = next is null ? null : HtmlText.QueryParameter(next, Markup.Text.AfterParameter);
        var page = new ListingPage(things, next, after);

        if (things.Count > 0)
        {
            return read.Success(PageKind.Listing, page);
        }

        return siteTable.Find(Markup.Page.NoResults) is not null
            ? read.Success(PageKind.EmptyListing, page)
            : read.Failure<ListingPage>(PageKind.MarkupChanged, "#siteTable holds no things and no \"nothing here\" notice");
    }
}
