using System.Net;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Microsoft.Extensions.Options;

namespace Scraper.Jobs.Fetching;

/// <summary>The one HTTP client through which Scraper talks to reddit: URL in, the response's facts and its body
/// (bounded in size and time) out; it neither parses nor judges the page (<see cref="RedditPages"/> does).
/// Retries, timeouts, the circuit breaker and the rate limit are declared at registration
/// (<see cref="FetchingServiceCollectionExtensions.AddRedditClient"/>), not here; redirects are not followed.</summary>
public sealed class RedditClient(HttpClient http, IOptions<RedditOptions> options, TimeProvider time)
{
    /// <summary>Marks the probe's request, the one request that may go while access is lost.</summary>
    internal static readonly HttpRequestOptionsKey<bool> ProbeOption = new("scraper.probe");

    /// <summary>Which kind of page a request asks for (<c>ScraperMetrics.Pages</c>), for the handlers that count
    /// responses.</summary>
    internal static readonly HttpRequestOptionsKey<string> PageOption = new("scraper.page");

    // What the request is spent on, where the page does not say (a submission page fetched again: a revisit).
    internal static readonly HttpRequestOptionsKey<string> PurposeOption = new("scraper.purpose");

    /// <summary>When the attempt that got the response was let through the gate (a <see cref="TimeProvider"/>
    /// timestamp), set by <see cref="PoliteRequestHandler"/>: the fetch time counts reddit's time from there, not the
    /// wait for the request budget.</summary>
    internal static readonly HttpRequestOptionsKey<long> SentOption = new("scraper.sent");

    private readonly int _maxBytes = options.Value.MaxResponseBytes;
    private readonly TimeSpan _timeout = options.Value.Timeout;

    /// <summary>One page's response. 403 and 404 carry pages worth reading (private, banned, quarantined, blocked,
    /// not found) and redirects are outcomes, so they are answers; any other failure status left after the
    /// retries, or no usable response at all, throws.</summary>
    /// <exception cref="RedditUnavailableException">No usable response.</exception>
    public async Task<RedditResponse> GetAsync(Uri url, string page, bool probe, CancellationToken cancellationToken, string? purpose = null)
    {
        var started = time.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Options.Set(PageOption, page);
            request.Options.Set(ProbeOption, probe);
            if (purpose is not null)
            {
                request.Options.Set(PurposeOption, purpose);
            }
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
            var bodyRead = time.GetTimestamp();
            var status = response.StatusCode;
            if ((int)status is not (>= 300 and < 400) && !response.IsSuccessStatusCode
                && status is not HttpStatusCode.Forbidden and not HttpStatusCode.NotFound)
            {
                throw new RedditUnavailableException(url, status, "reddit answered " + (int)status + " for " + url.PathAndQuery);
            }

            return new RedditResponse(
                status, response.Headers.Location, html, bytes, response.Content.Headers.ContentLength,
                FetchTime(response, bodyRead), time.GetElapsedTime(started, bodyRead));
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
}

/// <summary>What reddit answered to one page's request.</summary>
/// <param name="Status">The status of the final attempt.</param>
/// <param name="Location">Where a redirect points, as sent.</param>
/// <param name="Html">The body, or null when it is longer than <see cref="RedditOptions.MaxResponseBytes"/>.</param>
/// <param name="Bytes">The body's length in bytes as read (decompressed; up to the cap).</param>
/// <param name="ContentLength">The length reddit declared, when it did.</param>
/// <param name="FetchTime">reddit's time: from the final attempt leaving the gate to its body read.</param>
/// <param name="Duration">From the first attempt to the body read, retries and waits included.</param>
public sealed record RedditResponse(HttpStatusCode Status, Uri? Location, string? Html, long Bytes, long? ContentLength, TimeSpan FetchTime, TimeSpan Duration);
