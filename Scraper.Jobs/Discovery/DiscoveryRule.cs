using Scraper.Jobs.OldReddit;

namespace Scraper.Jobs.Discovery;

/// <summary>Which submissions on a listing page are new, and whether to read the next page. Pure: the page,
/// the watermark and the clock's reading in; a decision out.
/// <para>The rule. <c>/r/{sub}/new/</c> lists newest first. A subreddit's watermark is the creation time of the
/// newest submission a completed run saw. A run reads pages from the top and takes every submission created at
/// or after <c>watermark − overlap</c> as a candidate; it stops after the first page holding a submission older
/// than that. The overlap (minutes) catches submissions that appear late in the listing (reddit's listing is
/// eventually consistent, and equal timestamps are common); candidates already stored or already enqueued are
/// dropped by the store's claim, so the overlap costs no duplicate work. Without a watermark (the first run) the
/// floor is <c>now − Backfill</c>. A run also stops at the end of the listing (reddit never lists past ~1000
/// items: anything older is out of reach) and at MaxPagesPerRun, in which case it leaves a cursor and the next
/// run continues from there before it moves the watermark.</para></summary>
public static class DiscoveryRule
{
    /// <summary>The oldest creation time a run must reach.</summary>
    public static DateTimeOffset Floor(DateTimeOffset? watermark, DateTimeOffset now, TimeSpan overlap, TimeSpan backfill) =>
        watermark is { } newest ? newest - overlap : now - backfill;

    public static PageDecision Decide(ListingPage page, DateTimeOffset floor)
    {
        ArgumentNullException.ThrowIfNull(page);
        return Decide(page, _ => floor, floor);
    }

    /// <summary>A combined listing's page (<c>/r/a+b+c/new/</c>, newest first across its members): each thing is
    /// judged by its own subreddit's floor, and the read goes on until the lowest of them, so every member is read
    /// down to its own. Things of other subreddits (none should be there) are not candidates.</summary>
    public static PageDecision Decide(ListingPage page, IReadOnlyDictionary<string, DateTimeOffset> floors)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(floors);
        return Decide(page, s => floors.TryGetValue(s.Subreddit, out var floor) ? floor : null, floors.Values.Min());
    }

    private static PageDecision Decide(ListingPage page, Func<Submission, DateTimeOffset?> floorOf, DateTimeOffset lowest)
    {
        var candidates = new List<Submission>();
        var reachedFloor = false;
        foreach (var submission in page.Submissions)
        {
            // Stickied posts can be old and sit on top; they say nothing about where the floor is.
            reachedFloor |= submission.CreatedUtc < lowest && !submission.IsStickied;
            if (floorOf(submission) is not { } floor)
            {
                continue;
            }

            // A post without a time (only ads lack one, and ads are not submissions) counts as new: the claim
            // drops it if it is known.
            if (submission.CreatedUtc is not { } created || created >= floor)
            {
                candidates.Add(submission);
            }
        }

        var more = !reachedFloor && page.NextPage is not null && page.After is not null;
        return new PageDecision(candidates, more, reachedFloor || page.NextPage is null, reachedFloor);
    }
}

/// <param name="Candidates">Submissions on the page at or above the floor, in page order.</param>
/// <param name="ReadNext">Whether the next page may hold more.</param>
/// <param name="Complete">The run saw everything down to the floor (or the listing's end).</param>
/// <param name="ReachedFloor">The page holds a post below the (lowest) floor: the run saw down to it, not just to
/// the listing's end.</param>
public sealed record PageDecision(IReadOnlyList<Submission> Candidates, bool ReadNext, bool Complete, bool ReachedFloor);
