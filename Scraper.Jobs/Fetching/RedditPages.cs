using System.Net;
using Microsoft.Extensions.Options;
using Scraper.Jobs.Metrics;
using Scraper.Jobs.OldReddit;

namespace Scraper.Jobs.Fetching;

/// <summary>reddit's pages as Scraper reads them: asks <see cref="RedditClient"/> for the response, parses it,
/// tells what it is (the page, or a named outcome) and measures it. A login wall, an expired session or a network
/// block pauses all fetching (<see cref="RedditAccess"/>) and throws <see cref="AccessPausedException"/>.</summary>
/// <remarks>Redirects are outcomes, not pages: old.reddit answers a visitor it will not serve with a 302 to its login
/// page (or off to www.reddit.com), and the friendly 200 page behind it is not a page to parse.</remarks>
public sealed class RedditPages(
    RedditClient client, IOptions<RedditOptions> options, RedditAccess access, ScraperMetrics metrics, TimeProvider time)
{
    private readonly Uri _baseUrl = options.Value.BaseUrl;
    private readonly bool _session = options.Value.HasSession;
    private readonly int _maxBytes = options.Value.MaxResponseBytes;
    private readonly TimeSpan _timeout = options.Value.Timeout;

    /// <summary>The smallest listing page of a subreddit, sent even while access is lost: is reddit serving us?
    /// Access lost: throws <see cref="AccessPausedException"/> as any request does.</summary>
    public Task<Fetched<ListingPage>> ProbeAsync(string subreddit, CancellationToken cancellationToken = default) =>
        ReadAsync(RedditUrls.NewListing(_baseUrl, subreddit, limit: 1), ScraperMetrics.Pages.Listing, subreddit, ListingParser.Parse,
            cancellationToken, probe: true);

    /// <summary>A page of <c>/r/{sub}/new/</c>, newest first.</summary>
    public Task<Fetched<ListingPage>> GetNewListingAsync(
        string subreddit, string? after = null, int count = 0, CancellationToken cancellationToken = default) =>
        ReadAsync(
            RedditUrls.NewListing(_baseUrl, subreddit, RedditUrls.MaxLimit, after, count), ScraperMetrics.Pages.Listing, subreddit,
            ListingParser.Parse, cancellationToken);

    /// <summary>A page of <c>/r/a+b+c/new/</c>: the members' posts together, newest first. Measured under the
    /// subreddit tag <see cref="ScraperMetrics.Group"/> (one series for every group, not one per member list).</summary>
    public Task<Fetched<ListingPage>> GetCombinedListingAsync(
        IReadOnlyList<string> subreddits, string? after = null, int count = 0, CancellationToken cancellationToken = default) =>
        ReadAsync(
            RedditUrls.NewListing(_baseUrl, subreddits, RedditUrls.MaxLimit, after, count), ScraperMetrics.Pages.Listing, subreddits[0],
            ListingParser.Parse, cancellationToken, measuredAs: ScraperMetrics.Group);

    /// <summary>A submission's own page; <paramref name="revisit"/>: again, at one of its revisit ages (a request
    /// counted as a revisit's).</summary>
    public Task<Fetched<SubmissionPage>> GetSubmissionAsync(
        string subreddit, string id, bool revisit = false, CancellationToken cancellationToken = default) =>
        ReadAsync(
            RedditUrls.Submission(_baseUrl, subreddit, id), ScraperMetrics.Pages.Submission, subreddit,
            SubmissionPageParser.Parse, cancellationToken, purpose: revisit ? ScraperMetrics.Purposes.Revisit : null);

    /// <summary>The "continue this thread" page of a submission's comment: the submission, that comment at the top
    /// and the replies under it (a request counted as a thread's).</summary>
    public Task<Fetched<SubmissionPage>> GetCommentThreadAsync(
        string subreddit, string id, string commentId, CancellationToken cancellationToken = default) =>
        ReadAsync(
            RedditUrls.CommentThread(_baseUrl, subreddit, id, commentId), ScraperMetrics.Pages.Submission, subreddit,
            SubmissionPageParser.Parse, cancellationToken, purpose: ScraperMetrics.Purposes.Thread);

    private async Task<Fetched<TPage>> ReadAsync<TPage>(
        Uri url, string page, string subreddit, Func<string, Uri, CancellationToken, ParseResult<TPage>> parse,
        CancellationToken cancellationToken, bool probe = false, string? measuredAs = null, string? purpose = null)
        where TPage : class
    {
        var response = await client.GetAsync(url, page, probe, cancellationToken, purpose);
        if ((int)response.Status is >= 300 and < 400)
        {
            var (kind, why) = Redirected(url, response.Location);
            if (kind.IsAccessLost())
            {
                throw new AccessPausedException(await access.PauseAsync(_session ? PageKind.SessionExpired : kind, why, subreddit));
            }

            return new Fetched<TPage>(url, response.Status, response.Duration, response.Bytes, new ParseResult<TPage>(kind, null, why));
        }

        // Not parsed, so not counted as a parsed page either.
        if (response.Html is not { } html)
        {
            var tooLarge = new ParseResult<TPage>(
                PageKind.TooLarge, null, "the body is longer than Reddit:MaxResponseBytes (" + _maxBytes + " bytes)");
            return new Fetched<TPage>(url, response.Status, response.Duration, response.Bytes, tooLarge);
        }

        var parsing = time.GetTimestamp();
        var result = Parse(html, url, parse, cancellationToken);
        var parseTime = time.GetElapsedTime(parsing);
        if (response.Status == HttpStatusCode.NotFound && result.Kind.IsSuccess())
        {
            result = new ParseResult<TPage>(PageKind.NotFound, null, "404 Not Found");
        }

        if (AccessLost(result) is { } lost)
        {
            throw new AccessPausedException(await access.PauseAsync(lost, result.Reason ?? PageKindNames.Of(lost), subreddit));
        }

        metrics.PageFetched(page, measuredAs ?? subreddit, response.FetchTime, parseTime);
        return new Fetched<TPage>(url, response.Status, response.Duration + parseTime, response.ContentLength ?? response.Bytes, result);
    }

    /// <summary>The page parsed within <see cref="RedditOptions.Timeout"/>; past it, <see cref="PageKind.TooSlow"/>.
    /// The size cap and the depth guard already bound the parse (seconds at worst); this is the backstop for markup
    /// that is slow some other way. On the wall clock, as the parse is CPU time.</summary>
    private ParseResult<TPage> Parse<TPage>(
        string html, Uri url, Func<string, Uri, CancellationToken, ParseResult<TPage>> parse, CancellationToken cancellationToken)
        where TPage : class
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(_timeout);
        try
        {
            return parse(html, url, bounded.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ParseResult<TPage>(PageKind.TooSlow, null, "parsing took longer than Reddit:Timeout (" + _timeout + ")");
        }
    }

    /// <summary>A page that says the account or the address is refused: the wall or a network block; with a
    /// session sent, also a proper page that came back logged out (the session expired).</summary>
    private PageKind? AccessLost<TPage>(ParseResult<TPage> result)
        where TPage : class => result.Kind switch
        {
            PageKind.NetworkSecurityBlock => PageKind.NetworkSecurityBlock,
            PageKind.LoginWall => _session ? PageKind.SessionExpired : PageKind.LoginWall,
            _ when _session && result.Kind.IsSuccess() && result.LoggedInAs is null => PageKind.SessionExpired,
            _ => null,
        };

    /// <summary>What a redirect says. Off old.reddit's host or onto a login page: the wall. Onto the subreddit
    /// search: reddit's answer for a subreddit that does not exist. Anything else is not a page either.</summary>
    private (PageKind Kind, string Reason) Redirected(Uri url, Uri? location)
    {
        var target = location is null ? null : new Uri(url, location);
        var where = target is null ? "nowhere" : target.GetLeftPart(UriPartial.Path);
        if (target is null || !string.Equals(target.Host, _baseUrl.Host, StringComparison.OrdinalIgnoreCase)
            || target.AbsolutePath.StartsWith(RedditUrls.LoginPath, StringComparison.OrdinalIgnoreCase))
        {
            return (PageKind.LoginWall, "redirected to " + where);
        }

        return target.AbsolutePath.StartsWith(RedditUrls.SubredditSearchPath, StringComparison.OrdinalIgnoreCase)
            ? (PageKind.NotFound, "redirected to the subreddit search: no such subreddit")
            : (PageKind.MarkupChanged, "an unexpected redirect to " + where);
    }
}
