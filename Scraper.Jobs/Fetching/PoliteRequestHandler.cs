using System.Net;
using System.Net.Http.Headers;

namespace Scraper.Jobs.Fetching;

/// <summary>The innermost handler, so that every attempt (retries included) waits its turn at the gate, and a
/// 429's Retry-After holds back every request, not only the one retried.</summary>
internal sealed class PoliteRequestHandler(IRequestGate gate, TimeProvider time) : DelegatingHandler
{
    // Timers may fire a little early and reddit counts from when it answered, not when we heard it: a request
    // sent exactly on the Retry-After instant can arrive a fraction of a millisecond too soon.
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(100);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await gate.WaitTurnAsync(cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests && RetryAfter(response.Headers.RetryAfter) is { } wait)
        {
            await gate.CoolDownAsync(wait + Margin, cancellationToken);
        }

        return response;
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow(),
        _ => null,
    };
}
