using System.Net;
using System.Net.Http.Headers;
using Scraper.Jobs.Metrics;

namespace Scraper.Jobs.Fetching;

/// <summary>The innermost handler, so that every attempt (retries included) waits its turn at the gate, holds the
/// wire until it is answered, and a 429's Retry-After holds back every request, not only the one retried.</summary>
/// Access lost (a login wall, an expired session, a network block) holds back every request but the probe's, checked
/// at the last moment before sending, so that a pause seen by any process stops this one within one request.
internal sealed class PoliteRequestHandler(IRequestGate gate, RedditAccess access, ScraperMetrics metrics, TimeProvider time) : DelegatingHandler
{
    // Timers may fire a little early and reddit counts from when it answered, not when we heard it: a request
    // sent exactly on the Retry-After instant can arrive a fraction of a millisecond too soon.
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(100);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var waiting = time.GetTimestamp();
        var turn = await gate.WaitTurnAsync(cancellationToken);
        try
        {
            metrics.RateLimitWaited(time.GetElapsedTime(waiting));
            var isProbe = request.Options.TryGetValue(RedditClient.ProbeOption, out var probe) && probe;
            if (!isProbe)
            {
                await access.ThrowIfPausedAsync();
            }

            request.Options.TryGetValue(RedditClient.PageOption, out var page);
            metrics.RequestSent(isProbe ? ScraperMetrics.Purposes.Probe
                : request.Options.TryGetValue(RedditClient.PurposeOption, out var purpose) ? purpose
                : page == ScraperMetrics.Pages.Submission ? ScraperMetrics.Purposes.Scrape
                : ScraperMetrics.Purposes.Discovery);

            // The connection's stream marks the turn when it writes the request (TurnSignallingStream).
            RequestTurn.Current = turn;
            request.Options.Set(RedditClient.SentOption, time.GetTimestamp());
            var response = await base.SendAsync(request, cancellationToken);
            metrics.HttpResponse((int)response.StatusCode, page ?? "other");
            if (response.StatusCode == HttpStatusCode.TooManyRequests && RetryAfter(response.Headers.RetryAfter) is { } wait)
            {
                // Before the turn ends, so the next request, in whichever process, already sees it.
                await gate.CoolDownAsync(wait + Margin, cancellationToken);
            }

            return response;
        }
        finally
        {
            await turn.EndAsync();
        }
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow(),
        _ => null,
    };
}
