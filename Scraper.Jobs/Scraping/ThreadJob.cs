using Hangfire;
using Scraper.Jobs.Fetching;
using Scraper.Jobs.OldReddit;
using Scraper.Jobs.Storage;

namespace Scraper.Jobs.Scraping;

/// <summary>A comment whose replies go on past the page that showed it ("continue this thread"), and its depth in
/// the submission's whole comment tree.</summary>
public sealed record ThreadAnchor(string CommentId, int Depth);

/// <summary>Follows a visit's "continue this thread" links, breadth first and those on the pages it reads too, up
/// to <see cref="RecordPolicy.ContinueThreads"/> pages: each page's replies under its comment are added to the
/// record at their depth in the whole tree. Every page is a request from the one budget, on the revisit queue,
/// which workers take after new submissions.</summary>
/// <remarks>Not retried: a page that fails ends the job (failed, on the dashboard); what it read is stored, and the
/// submission's next visit follows its links again.</remarks>
public sealed class ThreadJob(RedditPages reddit, ISubmissionStore store, RecordPolicy policy, TimeProvider time)
{
    /// <summary>Enqueues the job for a visited page that has "continue this thread" links, when the policy follows
    /// any.</summary>
    public static void FollowUp(IBackgroundJobClient jobs, RecordPolicy policy, SubmissionPage page)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(page);
        var anchors = Anchors(page, 0);
        if (policy.ContinueThreads > 0 && anchors.Count > 0)
        {
            var (subreddit, id) = (page.Submission.Subreddit, page.Submission.Id);
            jobs.Enqueue<ThreadJob>(j => j.FollowAsync(subreddit, id, anchors, CancellationToken.None));
        }
    }

    [Queue(RevisitJob.Queue)]
    [AutomaticRetry(Attempts = 0)]
    public async Task FollowAsync(string subreddit, string id, IReadOnlyList<ThreadAnchor> anchors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        var pending = new Queue<ThreadAnchor>(anchors);
        for (var pages = 0; pages < policy.ContinueThreads && pending.TryDequeue(out var anchor); pages++)
        {
            var fetched = await reddit.GetCommentThreadAsync(subreddit, id, anchor.CommentId, cancellationToken);
            var page = fetched.Result.Page ?? throw PageRefusedException.For(fetched);
            // The page shows the anchor at the top (as if it answered the post): it is stored already, at its
            // place; its replies are one level under it.
            var replies = page.Comments.Where(c => c.Id != anchor.CommentId).Select(c => c with { Depth = c.Depth + anchor.Depth }).ToList();
            await store.AddCommentsAsync(page.Submission, replies, time.GetUtcNow(), policy, cancellationToken);
            foreach (var deeper in Anchors(page, anchor.Depth))
            {
                pending.Enqueue(deeper);
            }
        }
    }

    // A stub at depth d continues the replies of the comment at d - 1 (its parent); on a thread page, d counts from
    // the page's top comment, which stands at depth offset.
    private static List<ThreadAnchor> Anchors(SubmissionPage page, int offset) =>
        [.. page.MoreComments
            .Where(m => m.Kind == MoreCommentsKind.ContinueThread && m.ParentFullname.StartsWith("t1_", StringComparison.Ordinal))
            .Select(m => new ThreadAnchor(m.ParentFullname["t1_".Length..], m.Depth - 1 + offset))
            .Where(a => RedditUrls.IsValidId(a.CommentId))];
}
