namespace Scraper.Jobs.Storage;

/// <summary>Discovery's bookkeeping, in the database of the <see cref="ISubmissionStore"/> (whose
/// <see cref="ISubmissionStore.InitializeAsync"/> creates it): the scrape claims, the watermarks, the run ledger
/// and the scrapes given up on. Subreddit names compare without regard to case.</summary>
public interface IDiscoveryLedger
{
    /// <summary>The guard "never enqueue a scrape for a submission already stored or already enqueued", across
    /// every process on this database: claims each of <paramref name="ids"/> that is neither stored nor claimed
    /// (a claim older than <paramref name="staleAfter"/> no longer counts, so a lost job is retried). Atomic per
    /// id: concurrent callers never both get the same id. A <paramref name="claimant"/> (a discovery job's id)
    /// gets its own earlier claims again: a run killed between claiming and enqueueing, and run again by
    /// Hangfire, enqueues what it had claimed (a scrape is an upsert, so a second one is harmless).</summary>
    /// <returns>The ids claimed now, in the order given: the caller enqueues exactly these.</returns>
    Task<IReadOnlyList<string>> ClaimAsync(
        string subreddit, IReadOnlyCollection<string> ids, string claimant, DateTimeOffset now, TimeSpan staleAfter,
        CancellationToken ct);

    /// <summary>The newest submission discovery has seen in a subreddit; null before the first.</summary>
    Task<Watermark?> GetWatermarkAsync(string subreddit, CancellationToken ct);

    /// <summary>Moves the watermark forward, never back: a newer time replaces it, an older one changes nothing.</summary>
    Task SetWatermarkAsync(string subreddit, Watermark watermark, CancellationToken ct);

    /// <summary>Every subreddit discovery has kept anything of: its watermark, its posting rate and when a read of it
    /// was last planned (each null when there is none).</summary>
    Task<IReadOnlyList<SubredditPace>> GetPacesAsync(CancellationToken ct);

    /// <summary>A read's new estimate of the subreddit's posting rate.</summary>
    Task SetPostingRateAsync(string subreddit, PostingRate rate, CancellationToken ct);

    /// <summary>Reads of <paramref name="subreddits"/> were planned (enqueued) at <paramref name="at"/>.</summary>
    Task MarkPlannedAsync(IReadOnlyCollection<string> subreddits, DateTimeOffset at, CancellationToken ct);

    /// <summary>Adds a discovery page's counts to its run's ledger row (the first call makes it) and marks the
    /// claims of <paramref name="enqueued"/> as the run's, so the ledger can follow what became of them.</summary>
    Task RecordDiscoveryAsync(DiscoveryTally tally, IReadOnlyCollection<string> enqueued, CancellationToken ct);

    /// <summary>Records that the scrape of <paramref name="id"/> was given up on, and why. A later successful
    /// scrape outweighs it.</summary>
    Task RecordScrapeFailureAsync(string id, string reason, CancellationToken ct);

    /// <summary>The ledger of the discovery runs started since <paramref name="startedSince"/>, oldest first.</summary>
    Task<IReadOnlyList<RunLedger>> GetRunLedgerAsync(DateTimeOffset startedSince, CancellationToken ct);
}

/// <summary>Where discovery stopped in a subreddit: the newest creation time seen.</summary>
public sealed record Watermark(DateTimeOffset NewestCreatedUtc);

/// <summary>What discovery keeps of one subreddit (its name in lower case).</summary>
public sealed record SubredditPace(string Subreddit, Watermark? Watermark, PostingRate? Rate, DateTimeOffset? Planned);
