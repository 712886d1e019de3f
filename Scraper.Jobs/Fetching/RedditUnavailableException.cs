using System.Net;

namespace Scraper.Jobs.Fetching;

/// <summary>reddit did not answer usefully even after the retries: a transient failure for the job to retry
/// later, never a statement about the page.</summary>
public sealed class RedditUnavailableException(Uri url, HttpStatusCode? status, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public Uri Url { get; } = url;

    /// <summary>The last status seen; null when no response came (timeout, reset, open circuit).</summary>
    public HttpStatusCode? Status { get; } = status;
}
