using Hangfire;
using Scraper.Jobs.Fetching;
using Scraper.Jobs.OldReddit;
using Scraper.Jobs.Storage;

namespace Scraper.Jobs.Scraping;

/// <summary>Scrapes one submission: fetch its page, parse, store. Safe to run twice (an upsert by id).</summary>
/// <remarks>Retries are sized together: the fetcher retries a request up to Reddit:MaxRetries times within
/// seconds (honouring Retry-After); Hangfire retries the whole job 3 times, minutes apart, for what outlasts
/// that. At most (MaxRetries + 1) × 4 requests per submission, never the 10 × N of Hangfire's default.
/// Permanent outcomes are not retried at all.</remarks>
public sealed class ScrapeJob(RedditClient reddit, ISubmissionStore store, TimeProvider time)
{
    public const string Queue = "scrape";

    [Queue(Queue)]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [60, 300, 900], ExceptOn = [typeof(PermanentScrapeFailureException)])]
    public async Task ScrapeAsync(string subreddit, string id, CancellationToken cancellationToken)
    {
        var fetched = await reddit.GetSubmissionAsync(subreddit, id, cancellationToken);
        var result = fetched.Result;
        if (result.Page is { } page)
        {
            await store.UpsertAsync(new StoredSubmission(page, time.GetUtcNow()), cancellationToken);
            return;
        }

        throw result.Kind.IsTransient()
            ? new TransientScrapeFailureException(subreddit, id, result.Kind, result.Reason)
            : new PermanentScrapeFailureException(subreddit, id, result.Kind, result.Reason);
    }
}
