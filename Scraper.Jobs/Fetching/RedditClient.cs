using System.Net;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Scraper.Jobs.Metrics;
using Scraper.Jobs.OldReddit;

namespace Scraper.Jobs.Fetching;

/// <summary>The one HTTP client through which Scraper talks to reddit: URL in, parsed page and response facts
/// out. Retries, timeouts, the circuit breaker and the rate limit are declared at registration
/// (<see cref="FetchingServiceCollectionExtensions.AddRedditClient"/>), not here.</summary>
/// <remarks>Redirects are not followed: old.reddit answers a visitor it will not serve with a 302 to its login page
/// (or off to www.reddit.com), and the friendly 200 page behind it is not a page to parse. A login wall, an expired
/// session or a network block pauses all fetching (<see cref="RedditAccess"/>) and throws
/// <see cref="AccessPausedException"/>.</remarks>
public sealed class RedditClient(
    HttpClient http, IOptions<RedditOptions> options, RedditAccess access, ScraperMetrics metrics, TimeProvider time)
{
    /// <summary>Marks the probe's request, the one request that may go while access is lost.</summary>
    internal static readonly HttpRequestOptionsKey<bool> ProbeOption = new("scraper.probe");

    /// <summary>Which kind of page a request asks for (<see cref="ScraperMetrics.Pages"/>), for the handlers
    /// that count responses.</summary>
    internal static readonly HttpRequestOptionsKey<string> PageOption = new("scraper.page");

    /// <summary>When the attempt that got the response was let through the gate (a <see cref="TimeProvider"/>
    /// timestamp), set by <see cref="PoliteRequestHandler"/>: the fetch time counts reddit's time from there, not the
    /// wait for the request budget.</summary>
    internal static readonly HttpRequestOptionsKey<long> SentOption = new("scraper.sent");

    private readonly Uri _baseUrl = options.Value.BaseUrl;
    private readonly bool _session = options.Value.HasSession;
    private readonly int _maxBytes = options.Value.MaxResponseBytes;
    private readonly TimeSpan _timeout = options.Value.Timeout;

    /// <summary>The smallest listing page of a subreddit, sent even while access is lost: is reddit serving us?
    /// Access lost: throws <see cref="AccessPausedException"/> as any request does.</summary>
    public Task<Fetched<ListingPage>> ProbeAsync(string subreddit, CancellationToken cancellationToken = default) =>
        GetAsync(RedditUrls.NewListing(_baseUrl, subreddit, limit: 1), ScraperMetrics.Pages.Listing, subreddit, ListingParser.Parse,
            cancellationToken, probe: true);

    /// <summary>A page of <c>/r/{sub}/new/</c>, newest first.</summary>
    public Task<Fetched<ListingPage>> GetNewListingAsync(
        string subreddit, string? after = null, int count = 0, CancellationToken cancellationToken = default) =>
        GetAsync(
            RedditUrls.NewListing(_baseUrl, subreddit, RedditUrls.MaxLimit, after, count), ScraperMetrics.Pages.Listing, subreddit,
            ListingParser.Parse, cancellationToken);

    /// <summary>A submission's own page.</summary>
    public Task<Fetched<SubmissionPage>> GetSubmissionAsync(
        string subreddit, string id, CancellationToken cancellationToken = default) =>
        GetAsync(
            RedditUrls.Submission(_baseUrl, subreddit, id), ScraperMetrics.Pages.Submission, subreddit,
            SubmissionPageParser.Parse, cancellationToken);

    private async Task<Fetched<TPage>> GetAsync<TPage>(
        Uri url, string page, string subreddit, Func<string, Uri, CancellationToken, ParseResult<TPage>> parse,
        CancellationToken cancellationToken, bool probe = false)
        where TPage : class
    {
        var started = time.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Options.Set(PageOption, page);
            request.Options.Set(ProbeOption, probe);
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
                                      || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new RedditUnavailableException(url, null, "No usable response from " + url.Host + ": " + e.Message, e);
        }

        using (response)
        {
            var (html, bytes) = await ReadBodyAsync(url, response, cancellationToken);
            var status = response.StatusCode;
            if ((int)status is >= 300 and < 400)
            {
                var (kind, why) = Redirected(url, response.Headers.Location);
                if (kind.IsAccessLost())
                {
                    throw new AccessPausedException(await access.PauseAsync(_session ? PageKind.SessionExpired : kind, why, subreddit));
                }

                var redirect = new ParseResult<TPage>(kind, null, why);
                return new Fetched<TPage>(url, status, time.GetElapsedTime(started), bytes, redirect);
            }

            // 403 and 404 carry pages worth reading (private, banned, quarantined, blocked, not found); any
            // other failure status is left after the retries gave up on it.
            if (!response.IsSuccessStatusCode && status is not HttpStatusCode.Forbidden and not HttpStatusCode.NotFound)
            {
                throw new RedditUnavailableException(url, status, "reddit answered " + (int)status + " for " + url.PathAndQuery);
            }

            // Not parsed, so not counted as a parsed page either.
            if (html is null)
            {
                var tooLarge = new ParseResult<TPage>(
                    PageKind.TooLarge, null, "the body is longer than Reddit:MaxResponseBytes (" + _maxBytes + " bytes)");
                return new Fetched<TPage>(url, status, time.GetElapsedTime(started), bytes, tooLarge);
            }

            var parsing = time.GetTimestamp();
            var result = Parse(html, url, parse, cancellationToken);
            var parseTime = time.GetElapsedTime(parsing);
            if (status == HttpStatusCode.NotFound && result.Kind.IsSuccess())
            {
                result = new ParseResult<TPage>(PageKind.NotFound, null, "404 Not Found");
            }

            if (AccessLost(result) is { } lost)
            {
                throw new AccessPausedException(await access.PauseAsync(lost, result.Reason ?? PageKindNames.Of(lost), subreddit));
            }

            var duration = time.GetElapsedTime(started);
            metrics.PageFetched(page, subreddit, FetchTime(response, parsing), parseTime);
            return new Fetched<TPage>(url, status, duration, response.Content.Headers.ContentLength ?? bytes, result);
        }
    }

    /// <summary>reddit's time: from the final attempt leaving the gate to its body read (earlier attempts, backoffs and
    /// the waits at the gate are counted apart: http_retries, request_gate_wait).</summary>
    private TimeSpan FetchTime(HttpResponseMessage response, long bodyRead) =>
        response.RequestMessage is { } sent && sent.Options.TryGetValue(SentOption, out var at)
            ? time.GetElapsedTime(at, bodyRead)
            : TimeSpan.Zero;

    /// <summary>The body up to <see cref="RedditOptions.MaxResponseBytes"/> (null past it) within
    /// <see cref="RedditOptions.Timeout"/>: the resilience pipeline's attempt timeout ends with the headers. A body
    /// that is cut off, reset or late is no usable response.</summary>
    private async Task<(string? Html, long Bytes)> ReadBodyAsync(Uri url, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var late = new CancellationTokenSource(_timeout, time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, late.Token);
        try
        {
            return await BodyReader.ReadAsync(response.Content, _maxBytes, bounded.Token);
        }
        catch (Exception e) when (e is HttpRequestException or IOException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var why = e is OperationCanceledException
                ? "the body did not arrive within Reddit:Timeout (" + _timeout + ")"
                : "the body broke off: " + e.Message;
            throw new RedditUnavailableException(url, response.StatusCode, "No usable response from " + url.Host + ": " + why, e);
        }
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
