using Hangfire;
using Hangfire.Server;
using Hangfire.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scraper.Jobs.Diagnostics;
using Scraper.Jobs.Fetching;
using Scraper.Jobs.Metrics;
using Scraper.Jobs.OldReddit;
using Scraper.Jobs.Scraping;
using Scraper.Jobs.Storage;

namespace Scraper.Jobs.Discovery;

/// <summary>The recurring job of one subreddit: reads <c>/r/{sub}/new/</c> down to the floor
/// (<see cref="DiscoveryRule"/>), enqueues one <see cref="ScrapeJob"/> per submission neither stored nor already
/// enqueued, and moves the watermark once it has seen everything down to the floor.</summary>
/// <remarks>A subreddit in trouble
/// (<see cref="SubredditTrouble"/>) is said once, and asked about again every <see cref="ScraperOptions.TroubleRecheck"/>
/// instead of at every run; the run itself succeeds, as nothing is wrong with the job.</remarks>
public sealed class DiscoveryJob(
    RedditPages reddit,
    IDiscoveryLedger ledger,
    IBackgroundJobClient jobs,
    JobStorage storage,
    SubredditTroubles troubles,
    IOptions<ScraperOptions> options,
    ScraperMetrics metrics,
    TimeProvider time,
    ILogger<DiscoveryJob> logger)
{
    public const string Queue = "discovery";

    // A claim older than this is taken to be lost (its job never ran) and can be claimed again.
    private static readonly TimeSpan ClaimsGoStaleAfter = TimeSpan.FromHours(6);

    // Only one run per subreddit at a time, whatever the number of servers. A scheduled run that finds the
    // lock taken leaves the work to the one holding it; a follow-up waits for it (and is retried if it must).
    private static readonly TimeSpan ScheduledLockWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FollowUpLockWait = TimeSpan.FromMinutes(5);

    /// <summary>The recurring run: from the top of the listing.</summary>
    [Queue(Queue)]
    [AutomaticRetry(Attempts = 0)] // the next scheduled run is the retry
    public Task DiscoverAsync(string subreddit, PerformContext? context, CancellationToken cancellationToken) =>
        RunAsync(subreddit, resume: null, context, cancellationToken);

    /// <summary>A follow-up of a run that stopped at MaxPagesPerRun: from its cursor, down to its floor, under the
    /// same <paramref name="run"/> in the ledger.</summary>
    [Queue(Queue)]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [30, 120, 600])]
    public Task ContinueAsync(
        string subreddit, string after, int count, DateTimeOffset floor, DateTimeOffset newest, string run,
        PerformContext? context, CancellationToken cancellationToken) =>
        RunAsync(subreddit, new Resume(after, count, floor, newest, run), context, cancellationToken);

    /// <summary>A planned read of quiet subreddits together through their combined listing
    /// (<c>/r/a+b+c/new/</c>), each judged by its own floor (<see cref="DiscoveryRule"/>). A read that cannot
    /// finish as a group (the page limit, a member in trouble, a suspected gap) hands each member to a read of its
    /// own.</summary>
    [Queue(Queue)]
    [AutomaticRetry(Attempts = 0)] // the plan reads the group again at its interval
    public async Task DiscoverGroupAsync(string[] subreddits, PerformContext? context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subreddits);
        var path = string.Join('+', subreddits);
        using var connection = storage.GetConnection();
        IDisposable held;
        try
        {
            held = connection.AcquireDistributedLock(
                "scraper:discovery:" + string.Join('+', subreddits.Order(StringComparer.OrdinalIgnoreCase)).ToLowerInvariant(), ScheduledLockWait);
        }
        catch (DistributedLockTimeoutException)
        {
            Log.DiscoverySkipped(logger, path);
            return;
        }

        using (held)
        {
            try
            {
                await ReadGroupAsync(subreddits, context, cancellationToken);
            }
            catch (AccessPausedException)
            {
                // Reported once where the pause began; the watermarks stay, and the plan reads the group again.
            }
        }
    }

    private async Task RunAsync(string subreddit, Resume? resume, PerformContext? context, CancellationToken cancellationToken)
    {
        IDisposable held;
        using var connection = storage.GetConnection();
        try
        {
            held = connection.AcquireDistributedLock(
                "scraper:discovery:" + subreddit.ToLowerInvariant(), resume is null ? ScheduledLockWait : FollowUpLockWait);
        }
        catch (DistributedLockTimeoutException) when (resume is null)
        {
            Log.DiscoverySkipped(logger, subreddit);
            return;
        }

        using (held)
        {
            var settings = options.Value;
            var trouble = troubles.Get(subreddit);
            var now = time.GetUtcNow();
            if (trouble is not null && resume is null && now - trouble.Checked < settings.TroubleRecheck)
            {
                var next = trouble.Checked + settings.TroubleRecheck;
                Log.DiscoveryBackingOff(logger, subreddit, trouble.Outcome, trouble.Since, next);
                return;
            }

            try
            {
                var refused = await ReadAsync(subreddit, resume, context, cancellationToken);
                if (refused is not null)
                {
                    Troubled(subreddit, trouble, refused, now);
                }
                else if (trouble is not null)
                {
                    troubles.Clear(subreddit);
                    var lasted = now - trouble.Since;
                    Log.SubredditTroubleEnded(logger, subreddit, lasted, trouble.Outcome);
                }
            }
            catch (AccessPausedException) when (resume is null)
            {
                // Reported once where the pause began; the watermark stays, and the next scheduled run (which
                // stops before sending while the pause lasts) is the retry. A follow-up keeps its cursor: it is
                // scheduled again (AccessPauseFilter).
            }
        }
    }

    private void Troubled(string subreddit, SubredditTrouble? before, ParseResult<ListingPage> refused, DateTimeOffset now)
    {
        var reason = refused.Reason ?? PageKindNames.Of(refused.Kind);
        if (before?.Kind == refused.Kind)
        {
            troubles.Set(subreddit, before with { Checked = now });
            return;
        }

        var trouble = new SubredditTrouble(refused.Kind, reason, now, now);
        troubles.Set(subreddit, trouble);
        Log.SubredditTroubleBegan(logger, subreddit, trouble.Outcome, reason, options.Value.TroubleRecheck);
    }

    /// <summary>Reads the listing down to the floor; returns the page that was not a listing when the subreddit is
    /// in trouble, null otherwise.</summary>
    private async Task<ParseResult<ListingPage>?> ReadAsync(
        string subreddit, Resume? resume, PerformContext? context, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var watermark = resume is null ? await ledger.GetWatermarkAsync(subreddit, cancellationToken) : null;
        var fromWatermark = resume is not null || watermark is not null;
        var floor = resume?.Floor ?? DiscoveryRule.Floor(watermark?.NewestCreatedUtc, time.GetUtcNow(), settings.Overlap, settings.Backfill);
        var claimant = context?.BackgroundJob.Id ?? Guid.NewGuid().ToString("N");
        var run = resume?.Run ?? claimant;
        var started = time.GetUtcNow();
        var newest = resume?.Newest;
        var after = resume?.After;
        var count = resume?.Count ?? 0;
        var complete = false;
        var lostCursor = false;
        var reachedFloor = false;
        var enqueued = 0;
        var known = 0;

        for (var page = 0; page < settings.MaxPagesPerRun && !complete; page++)
        {
            var fetched = await reddit.GetNewListingAsync(subreddit, after, count, cancellationToken);
            if (SubredditTrouble.IsTrouble(fetched.Result.Kind))
            {
                // The watermark stays; a follow-up's cursor is dropped, the next run starts from the top.
                return fetched.Result;
            }

            // What is left is transient (a block page, a cut-off body): the next scheduled run is the retry.
            var listing = fetched.Result.Page ?? throw PageRefusedException.For(fetched);
            if (after is not null && !listing.Submissions.Any())
            {
                // An empty page behind a cursor is not the listing's end: reddit can answer so when the
                // cursor's post was deleted meanwhile. Keep the watermark; the next run reads from the top.
                lostCursor = true;
                break;
            }

            if (resume is null && page == 0)
            {
                newest = Newest(listing);
            }

            var decision = DiscoveryRule.Decide(listing, floor);
            var fresh = await EnqueueAsync(subreddit, decision.Candidates, claimant, run, started, cancellationToken);
            enqueued += fresh;
            known += decision.Candidates.Count - fresh;
            count += listing.Submissions.Count();
            after = listing.After;
            reachedFloor |= decision.ReachedFloor;
            complete = decision.Complete || !decision.ReadNext;
        }

        // Neither a known post nor the floor before the listing's end or the page limit: posts may have slipped
        // past the listing's reach. A follow-up (below) is the deeper read; past the listing's end there is none.
        if (!lostCursor && fromWatermark && !reachedFloor && known == 0 && count > 0)
        {
            GapSuspected(subreddit, complete ? "the listing ended" : "the page limit was reached");
        }

        if (lostCursor)
        {
            Log.DiscoveryLostCursor(logger, subreddit, after!);
        }
        else if (!complete && after is not null && newest is { } top)
        {
            jobs.Enqueue<DiscoveryJob>(j => j.ContinueAsync(subreddit, after, count, floor, top, run, null, CancellationToken.None));
        }
        else if (newest is { } highest)
        {
            await ledger.SetWatermarkAsync(subreddit, new Watermark(highest), cancellationToken);
        }

        // A run in one go tells how fast the subreddit posts; a followed-up one is a backlog, not a rate.
        if (!lostCursor && complete && resume is null)
        {
            var rate = (await ledger.GetPacesAsync(cancellationToken))
                .FirstOrDefault(p => string.Equals(p.Subreddit, subreddit, StringComparison.OrdinalIgnoreCase))?.Rate;
            await ObserveRateAsync(subreddit, rate, enqueued, floor, cancellationToken);
        }

        Log.DiscoveryRan(logger, subreddit, enqueued, complete);
        return null;
    }

    private async Task ReadGroupAsync(string[] subreddits, PerformContext? context, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var paces = (await ledger.GetPacesAsync(cancellationToken)).ToDictionary(p => p.Subreddit, StringComparer.OrdinalIgnoreCase);
        var floors = new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase);
        foreach (var subreddit in subreddits)
        {
            var watermark = paces.GetValueOrDefault(subreddit)?.Watermark;
            floors[subreddit] = DiscoveryRule.Floor(watermark?.NewestCreatedUtc, now, settings.Overlap, settings.Backfill);
        }

        var claimant = context?.BackgroundJob.Id ?? Guid.NewGuid().ToString("N");
        DateTimeOffset? newest = null;
        string? after = null;
        var count = 0;
        var complete = false;
        var reachedFloor = false;
        var known = 0;
        var fresh = subreddits.ToDictionary(s => s, _ => 0, StringComparer.OrdinalIgnoreCase);
        var path = string.Join('+', subreddits);
        for (var page = 0; page < settings.MaxPagesPerRun && !complete; page++)
        {
            var fetched = await reddit.GetCombinedListingAsync(subreddits, after, count, cancellationToken);
            if (SubredditTrouble.IsTrouble(fetched.Result.Kind))
            {
                // Which member is the trouble is each one's own read to find out (and to say).
                ReadAlone(subreddits);
                return;
            }

            var listing = fetched.Result.Page ?? throw PageRefusedException.For(fetched);
            if (after is not null && !listing.Submissions.Any())
            {
                Log.DiscoveryLostCursor(logger, path, after);
                return;
            }

            if (page == 0)
            {
                newest = Newest(listing);
            }

            var decision = DiscoveryRule.Decide(listing, floors);
            foreach (var member in decision.Candidates.GroupBy(c => c.Subreddit, StringComparer.OrdinalIgnoreCase))
            {
                var subreddit = subreddits.First(s => string.Equals(s, member.Key, StringComparison.OrdinalIgnoreCase));
                var enqueued = await EnqueueAsync(subreddit, [.. member], claimant, claimant + "/" + subreddit.ToLowerInvariant(), now, cancellationToken);
                fresh[subreddit] += enqueued;
                known += member.Count() - enqueued;
            }

            count += listing.Submissions.Count();
            after = listing.After;
            reachedFloor |= decision.ReachedFloor;
            complete = decision.Complete || !decision.ReadNext;
        }

        var gap = !reachedFloor && known == 0 && count > 0;
        if (gap)
        {
            GapSuspected(path, complete ? "the combined listing ended" : "the page limit was reached");
        }

        // A group cannot be followed up from a cursor, and each member alone reaches 1,000 items of its own: the
        // deeper read.
        if (gap || !complete)
        {
            ReadAlone(subreddits);
            return;
        }

        // Down to the lowest floor: every member's posts newer than the listing's newest would have shown, so each
        // member has been read up to it.
        foreach (var subreddit in subreddits)
        {
            if (newest is { } highest)
            {
                await ledger.SetWatermarkAsync(subreddit, new Watermark(highest), cancellationToken);
            }

            await ObserveRateAsync(subreddit, paces.GetValueOrDefault(subreddit)?.Rate, fresh[subreddit], floors[subreddit], cancellationToken);
        }

        var total = fresh.Values.Sum();
        Log.DiscoveryRan(logger, path, total, complete);
    }

    private void ReadAlone(IEnumerable<string> subreddits)
    {
        foreach (var subreddit in subreddits)
        {
            jobs.Enqueue<DiscoveryJob>(j => j.DiscoverAsync(subreddit, null, CancellationToken.None));
        }
    }

    private void GapSuspected(string subreddits, string where)
    {
        metrics.GapSuspected();
        Log.DiscoveryGapSuspected(logger, subreddits, where);
    }

    /// <summary>The subreddit's posting rate, updated with what this read found new; the first read's estimate is
    /// the posts it found over the window it read back (from its floor to now), with the prior's one post an hour
    /// as a start.</summary>
    private async Task ObserveRateAsync(
        string subreddit, PostingRate? known, int newPosts, DateTimeOffset floor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rate = known is null ? PostingRate.FirstRead(newPosts, now - floor, now) : known.Observe(newPosts, now);
        await ledger.SetPostingRateAsync(subreddit, rate, cancellationToken);
    }

    private async Task<int> EnqueueAsync(
        string subreddit, IReadOnlyList<Submission> candidates, string claimant, string run, DateTimeOffset started,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        IReadOnlyList<string> fresh = candidates.Count == 0
            ? []
            : await ledger.ClaimAsync(subreddit, candidates.Select(c => c.Id).ToList(), claimant, now, ClaimsGoStaleAfter, cancellationToken);

        // Into the ledger before the jobs exist, so a scrape that fails at once finds its claim marked.
        await ledger.RecordDiscoveryAsync(
            new DiscoveryTally(run, subreddit, started, candidates.Count, fresh.Count, candidates.Count - fresh.Count), fresh, cancellationToken);
        metrics.Discovered(subreddit, candidates.Count, fresh.Count);
        var freshIds = fresh.ToHashSet(StringComparer.Ordinal);
        foreach (var candidate in candidates.Where(c => c.CreatedUtc is not null && freshIds.Contains(c.Id)))
        {
            metrics.DiscoveredAge(subreddit, now - candidate.CreatedUtc!.Value);
        }

        foreach (var id in fresh)
        {
            jobs.Enqueue<ScrapeJob>(j => j.ScrapeAsync(subreddit, id, null, CancellationToken.None));
        }

        return fresh.Count;
    }

    // The newest creation time of the page's own (not stickied) submissions; undated ones do not count (Max
    // skips nulls), and none dated gives null.
    private static DateTimeOffset? Newest(ListingPage page) =>
        page.Submissions.Where(s => !s.IsStickied).Max(s => s.CreatedUtc);

    private sealed record Resume(string After, int Count, DateTimeOffset Floor, DateTimeOffset Newest, string Run);
}
