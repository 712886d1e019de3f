using Hangfire;
using Hangfire.Server;
using Scraper.Jobs.Fetching;
using Scraper.Jobs.Metrics;
using Scraper.Jobs.OldReddit;
using Scraper.Jobs.Storage;

namespace Scraper.Jobs.Scraping;

/// <summary>Scrapes one submission: fetch its page, parse, store. Safe to run twice (an upsert by id).</summary>
/// <remarks>Retries are sized together: the fetcher retries a request up to Reddit:MaxRetries times within
/// seconds (honouring Retry-After); Hangfire retries the whole job <see cref="Attempts"/> times, minutes apart,
/// for what outlasts that. At most (MaxRetries + 1) × 4 requests per submission, never the 10 × N of Hangfire's
/// default. Permanent outcomes are not retried at all. The attempt that gives up records why, in the ledger (the
/// run ledger's "failed") and in <c>scrape_failures</c>.</remarks>
public sealed class ScrapeJob(
    RedditPages reddit, ISubmissionStore store, IDiscoveryLedger ledger, RecordPolicy policy, ScraperMetrics metrics, TimeProvider time,
    IBackgroundJobClient jobs)
{
    public const string Queue = "scrape";

    /// <summary>Hangfire's retries of a job whose failure may pass.</summary>
    public const int Attempts = 3;

    /// <summary>The reason recorded for a transient failure that outlasted every retry.</summary>
    public const string TransientExhausted = "transient_exhausted";

    [Queue(Queue)]
    [AutomaticRetry(Attempts = Attempts, DelaysInSeconds = [60, 300, 900], ExceptOn = [typeof(PermanentPageException)])]
    public async Task ScrapeAsync(string subreddit, string id, PerformContext? context, CancellationToken cancellationToken)
    {
        try
        {
            var fetched = await reddit.GetSubmissionAsync(subreddit, id, cancellationToken: cancellationToken);
            var result = fetched.Result;
            if (result.Page is { } page)
            {
                var now = time.GetUtcNow();
                var first = await store.UpsertAsync(new StoredSubmission(page, now), policy, cancellationToken);
                metrics.Scraped(page);
                if (first && page.Submission.CreatedUtc is { } created)
                {
                    metrics.FirstStored(page.Submission.Subreddit, now - created);
                }

                ThreadJob.FollowUp(jobs, policy, page);
                return;
            }

            throw PageRefusedException.For(fetched);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && GivesUp(e, context))
        {
            var reason = e is PermanentPageException permanent ? Reason(permanent.Kind) : TransientExhausted;
            metrics.ScrapeFailed(subreddit, reason);
            await ledger.RecordScrapeFailureAsync(id, reason, cancellationToken);
            throw;
        }
    }

    /// <summary>The snake-case name a page kind is recorded under (<c>NotFound</c> → <c>not_found</c>).</summary>
    public static string Reason(PageKind kind) => PageKindNames.Of(kind);

    // Hangfire counts retries in the job's RetryCount parameter: the attempt after the last retry is the last.
    // Lost access is no failure of the job (AccessPauseFilter schedules it again).
    private static bool GivesUp(Exception e, PerformContext? context) =>
        e is not AccessPausedException
        && (e is PermanentPageException || context is null || context.GetJobParameter<int>("RetryCount") >= Attempts);
}
