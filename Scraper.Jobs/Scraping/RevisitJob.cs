using Hangfire;
using Scraper.Jobs.Fetching;
using Scraper.Jobs.Metrics;
using Scraper.Jobs.Storage;

namespace Scraper.Jobs.Scraping;

/// <summary>Visits a stored submission again at one of its ages (<c>Scraper:Revisits</c>): fetch its page, store the
/// visit (a snapshot, its comments updated, edits and removals recorded). Enqueued by the discovery plan from what
/// the budget leaves after new submissions, on a queue workers take after theirs.</summary>
public sealed class RevisitJob(
    RedditPages reddit, ISubmissionStore store, RecordPolicy policy, ScraperMetrics metrics, TimeProvider time, IBackgroundJobClient jobs)
{
    public const string Queue = "revisit";

    /// <summary>How long a revisit handed out may take before it is handed out again (its job lost, or failed for
    /// good on a transient cause).</summary>
    public static readonly TimeSpan Stale = TimeSpan.FromHours(2);

    [Queue(Queue)]
    [AutomaticRetry(Attempts = 2, DelaysInSeconds = [300, 1800], ExceptOn = [typeof(PermanentPageException)])]
    public async Task RevisitAsync(string subreddit, string id, TimeSpan age, DateTimeOffset due, CancellationToken cancellationToken)
    {
        // A twin handed out after this one was held up (lost access reschedules jobs for hours) did the visit.
        if (!await store.IsRevisitPendingAsync(id, age, cancellationToken))
        {
            return;
        }

        var fetched = await reddit.GetSubmissionAsync(subreddit, id, revisit: true, cancellationToken);
        if (fetched.Result.Page is not { } page)
        {
            var refused = PageRefusedException.For(fetched);
            if (refused is PermanentPageException)
            {
                // Gone for good (not found, its subreddit private or banned): nothing more to see at this age.
                await store.CompleteRevisitAsync(id, age, time.GetUtcNow(), cancellationToken);
            }

            throw refused;
        }

        var now = time.GetUtcNow();
        await store.UpsertAsync(new StoredSubmission(page, now) { RevisitAge = age }, policy, cancellationToken);
        metrics.Revisited(page, age, IsLate(age, due, now));
        ThreadJob.FollowUp(jobs, policy, page);
    }

    /// <summary>Late: more than a tenth of the age, and at least 5 minutes, after it fell due.</summary>
    public static bool IsLate(TimeSpan age, DateTimeOffset due, DateTimeOffset done) =>
        done - due > TimeSpan.FromTicks(Math.Max(age.Ticks / 10, TimeSpan.FromMinutes(5).Ticks));
}
