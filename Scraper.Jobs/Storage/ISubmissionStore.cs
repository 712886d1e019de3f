using Scraper.Jobs.OldReddit;

namespace Scraper.Jobs.Storage;

/// <summary>Where scraped submissions, scrape claims and discovery watermarks live: one database shared by every
/// Scraper process. Times are kept to the millisecond (reddit's own precision); subreddit names compare without
/// regard to case, as reddit's do.</summary>
public interface ISubmissionStore
{
    /// <summary>Creates the schema or migrates it to this version. Idempotent, and safe when several processes
    /// start at once. Call it once at start, before anything else.</summary>
    Task InitializeAsync(CancellationToken ct);

    /// <summary>The schema version recorded in the database (after <see cref="InitializeAsync"/>): one cheap
    /// round trip, which readiness checks use to see that the database answers.</summary>
    Task<int> SchemaVersionAsync(CancellationToken ct);

    /// <summary>Writes a scraped submission, keyed by its reddit id: a re-run writes the same row again. Keeps
    /// the first scrape's time, replaces everything else, counts the scrape.</summary>
    /// <returns>True when the submission was not stored before.</returns>
    Task<bool> UpsertAsync(StoredSubmission submission, CancellationToken ct);

    /// <summary>Which of <paramref name="ids"/> are stored.</summary>
    Task<IReadOnlySet<string>> FindStoredAsync(IReadOnlyCollection<string> ids, CancellationToken ct);

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

    /// <summary>Moves the watermark forward, never back: a newer time replaces it, the same time adds its ids,
    /// an older one changes nothing.</summary>
    Task SetWatermarkAsync(string subreddit, Watermark watermark, CancellationToken ct);

    /// <summary>Adds a discovery page's counts to its run's ledger row (the first call makes it) and marks the
    /// claims of <paramref name="enqueued"/> as the run's, so the ledger can follow what became of them.</summary>
    Task RecordDiscoveryAsync(DiscoveryTally tally, IReadOnlyCollection<string> enqueued, CancellationToken ct);

    /// <summary>Records that the scrape of <paramref name="id"/> was given up on, and why. A later successful
    /// scrape outweighs it.</summary>
    Task RecordScrapeFailureAsync(string id, string reason, CancellationToken ct);

    /// <summary>The ledger of the discovery runs started since <paramref name="startedSince"/>, oldest first.</summary>
    Task<IReadOnlyList<RunLedger>> GetRunLedgerAsync(DateTimeOffset startedSince, CancellationToken ct);

    /// <summary>The creation time of the newest submission stored in a subreddit; null when none is.</summary>
    Task<DateTimeOffset?> GetNewestCreatedAsync(string subreddit, CancellationToken ct);

    /// <summary>How many submissions are stored, in one subreddit or (null) in all.</summary>
    Task<long> CountAsync(string? subreddit, CancellationToken ct);

    /// <summary>Streams stored submissions (one open reader, never a list) by creation time, then id; those
    /// without a creation time first. Filtered by subreddit and by creation time (inclusive) when given; a
    /// submission without a creation time never matches <paramref name="createdSince"/>.</summary>
    IAsyncEnumerable<StoredSubmission> ExportAsync(string? subreddit, DateTimeOffset? createdSince, CancellationToken ct);
}

/// <summary>Where discovery stopped in a subreddit: the newest creation time seen, and the ids created at that
/// very time (so a second submission of the same millisecond is still new).</summary>
public sealed record Watermark(DateTimeOffset NewestCreatedUtc, IReadOnlyList<string> IdsAtNewest);

/// <summary>A submission page as stored: what the scrape read and when.</summary>
/// <param name="Page">Everything the submission's page showed.</param>
/// <param name="ScrapedAt">When the page was fetched (kept to the millisecond).</param>
public sealed record StoredSubmission(SubmissionPage Page, DateTimeOffset ScrapedAt)
{
    /// <summary>When the submission was first stored. Read from the store; <see cref="ISubmissionStore.UpsertAsync"/>
    /// ignores it (a new row takes <see cref="ScrapedAt"/>, an existing one keeps its own).</summary>
    public DateTimeOffset FirstScrapedAt { get; init; } = ScrapedAt;

    /// <summary>How many scrapes wrote the row. Read from the store; ignored on write.</summary>
    public int ScrapeCount { get; init; } = 1;
}
