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
/// record at their depth in the whole tree. One page per job, each job enqueueing the next with what is left, so
/// that every job on the revisit queue (which workers take after new submissions, and which the plan counts
/// against the budget) is one request.</summary>
/// <remarks>Not retried: a page that fails ends the chain (the job failed, on the dashboard); what was read is
/// stored, and the submission's next visit follows its links again.</remarks>
public sealed class ThreadJob(RedditPages reddit, ISubmissionStore store, RecordPolicy policy, TimeProvider time, IBackgroundJobClient jobs)
{
    /// <summary>Enqueues the first page of a visited page's "continue this thread" links, when the policy follows
    /// any.</summary>
    public static void FollowUp(IBackgroundJobClient jobs, RecordPolicy policy, SubmissionPage page)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(page);
        var anchors = Anchors(page, 0);
        if (policy.ContinueThreads > 0 && anchors.Count > 0)
        {
            Enqueue(jobs, page.Submission.Subreddit, page.Submission.Id, anchors, policy.ContinueThreads);
        }
    }

    /// <summary>Reads the first of <paramref name="anchors"/>' pages; the rest, and the links found there, go to the
    /// next job while <paramref name="pages"/> allows.</summary>
    [Queue(RevisitJob.Queue)]
    [AutomaticRetry(Attempts = 0)]
    public async Task FollowAsync(string subreddit, string id, IReadOnlyList<ThreadAnchor> anchors, int pages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        if (anchors.Count == 0 || pages <= 0)
        {
            return;
        }

        var anchor = anchors[0];
        var fetched = await reddit.GetCommentThreadAsync(subreddit, id, anchor.CommentId, cancellationToken);
        var page = fetched.Result.Page ?? throw PageRefusedException.For(fetched);
        // The page shows the anchor at the top (as if it answered the post): it is stored already, at its place;
        // its replies are one level under it.
        var replies = page.Comments.Where(c => c.Id != anchor.CommentId).Select(c => c with { Depth = c.Depth + anchor.Depth }).ToList();
        await store.AddCommentsAsync(page.Submission, replies, time.GetUtcNow(), policy, cancellationToken);
        var next = anchors.Skip(1).Concat(Anchors(page, anchor.Depth)).ToList();
        if (pages > 1 && next.Count > 0)
        {
            Enqueue(jobs, subreddit, id, next, pages - 1);
        }
    }

    // No more anchors than pages left: the job's arguments stay small.
    private static void Enqueue(IBackgroundJobClient jobs, string subreddit, string id, IReadOnlyList<ThreadAnchor> anchors, int pages)
    {
        var kept = anchors.Take(pages).ToList();
        jobs.Enqueue<ThreadJob>(j => j.FollowAsync(subreddit, id, kept, pages, CancellationToken.None));
    }
    // A stub at depth d continues the replies of the comment at d - 1 (its parent); on a thread page, d counts from
    // the page's top comment, which stands at depth offset.
    private static List<ThreadAnchor> Anchors(SubmissionPage page, int offset) =>
        [.. page.MoreComments
            .Where(m => m.Kind == MoreCommentsKind.ContinueThread && m.ParentFullname.StartsWith("t1_", StringComparison.Ordinal))
            .Select(m => new ThreadAnchor(m.ParentFullname["t1_".Length..], m.Depth - 1 + offset))
            .Where(a => RedditUrls.IsValidId(a.CommentId))];
}
