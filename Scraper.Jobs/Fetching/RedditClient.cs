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
public sealed class RedditClient(HttpClient http, IOptions<RedditOptions> options, ScraperMetrics metrics, TimeProvider time)
{
    /// <summary>Which kind of page a request asks for (<see cref="ScraperMetrics.Pages"/>), for the handlers
    /// that count responses.</summary>
    internal static readonly HttpRequestOptionsKey<string> PageOption = new("scraper.page");

    private readonly Uri _baseUrl = options.Value.BaseUrl;

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
        Uri url, string page, string subreddit, Func<string, Uri, ParseResult<TPage>> parse, CancellationToken cancellationToken)
        where TPage : class
    {
        var started = time.GetTimestamp();
        HttpResponseMessage response;
        string html;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Options.Set(PageOption, page);
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            html = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
                                      || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new RedditUnavailableException(url, null, "No usable response from " + url.Host + ": " + e.Message, e);
        }

        using (response)
        {
            var status = response.StatusCode;
            // 403 and 404 carry pages worth reading (private, banned, quarantined, blocked, not found); any
            // other failure status is left after the retries gave up on it.
            if (!response.IsSuccessStatusCode && status is not HttpStatusCode.Forbidden and not HttpStatusCode.NotFound)
            {
                throw new RedditUnavailableException(url, status, "reddit answered " + (int)status + " for " + url.PathAndQuery);
            }

            var parsing = time.GetTimestamp();
            var result = parse(html, url);
            var parseTime = time.GetElapsedTime(parsing);
            if (status == HttpStatusCode.NotFound && result.Kind.IsSuccess())
            {
                result = new ParseResult<TPage>(PageKind.NotFound, null, "404 Not Found");
            }

            var duration = time.GetElapsedTime(started);
            metrics.PageFetched(page, subreddit, duration, parseTime);
            return new Fetched<TPage>(url, status, duration, response.Content.Headers.ContentLength ?? html.Length, result);
        }
    }
}
