using Scraper.Jobs.OldReddit;

namespace Scraper.Jobs.Storage;

/// <summary>The scraped submissions, and the schema of the database that holds them: one database shared by every
/// Scraper process, beside the <see cref="IDiscoveryLedger"/>. Times are kept to the millisecond (reddit's own
/// precision); subreddit names compare without regard to case, as reddit's do.</summary>
public interface ISubmissionStore
{
    /// <summary>The schema version this code writes and reads.</summary>
    static int LatestSchemaVersion => SubmissionSql.Migrations.Count;

    /// <summary>Which database holds the store.</summary>
    SubmissionDatabase Database { get; }

    /// <summary>Creates the schema (of the submissions and the ledger) or migrates it to this version. Idempotent,
    /// and safe when several processes start at once. Call it once at start, before anything else.</summary>
    Task InitializeAsync(CancellationToken ct);

    /// <summary>The schema version recorded in the database (after <see cref="InitializeAsync"/>): one cheap
    /// round trip, which readiness checks use to see that the database answers.</summary>
    Task<int> SchemaVersionAsync(CancellationToken ct);

    /// <summary>Writes a scraped submission under <see cref="RecordPolicy.Default"/> (see the overload with a policy):
    /// keyed by its reddit id, a re-run writes the same row again; keeps the first scrape's time, counts the scrape.</summary>
    /// <returns>True when the submission was not stored before.</returns>
    Task<bool> UpsertAsync(StoredSubmission submission, CancellationToken ct) => UpsertAsync(submission, RecordPolicy.Default, ct);

    /// <summary>Writes one visit of a submission's page, in one transaction: the submission's row (as
    /// <see cref="UpsertAsync(StoredSubmission, CancellationToken)"/>, but a removal or deletion keeps the text
    /// seen before unless <paramref name="policy"/> erases deleted text), every comment on the page (new ones
    /// added, known ones updated the same way), the page's stubs, the visit's snapshot; a new submission's
    /// revisits at the policy's ages (those still ahead), a revisit's completion.</summary>
    /// <returns>True when the submission was not stored before.</returns>
    Task<bool> UpsertAsync(StoredSubmission submission, RecordPolicy policy, CancellationToken ct);

    /// <summary>Adds comments read off a "continue this thread" page of <paramref name="submission"/> (new ones added,
    /// known ones updated as a visit updates them), in one transaction; the submission's row, stubs and snapshots
    /// stay as they are.</summary>
    Task AddCommentsAsync(Submission submission, IReadOnlyList<Comment> comments, DateTimeOffset seenAt, RecordPolicy policy, CancellationToken ct);

    /// <summary>A submission's stored comments, by id.</summary>
    Task<IReadOnlyList<StoredComment>> GetCommentsAsync(string submissionId, CancellationToken ct);

    /// <summary>A submission's visits, oldest first.</summary>
    Task<IReadOnlyList<Snapshot>> GetSnapshotsAsync(string submissionId, CancellationToken ct);

    /// <summary>Streams stored comments as <see cref="ExportAsync"/> streams submissions (filtered by the comment's
    /// own subreddit and creation time), by creation time, then id.</summary>
    IAsyncEnumerable<StoredComment> ExportCommentsAsync(string? subreddit, DateTimeOffset? createdSince, CancellationToken ct);

    /// <summary>Takes up to <paramref name="limit"/> revisits due by <paramref name="now"/>, oldest due first, that
    /// were not taken in the last <paramref name="stale"/>: each is handed out once while its job may still run (a job
    /// held up longer, e.g. by lost access, may meet a second one; <see cref="IsRevisitPendingAsync"/> tells the later).</summary>
    Task<IReadOnlyList<DueRevisit>> TakeDueRevisitsAsync(DateTimeOffset now, int limit, TimeSpan stale, CancellationToken ct);

    /// <summary>Marks a revisit (and any younger one of the submission still pending) done without a visit: the page
    /// is gone for good.</summary>
    Task CompleteRevisitAsync(string submissionId, TimeSpan age, DateTimeOffset at, CancellationToken ct);

    /// <summary>Whether the submission's revisit at <paramref name="age"/> is still to be done: a job handed out again
    /// after a long pause (see <see cref="TakeDueRevisitsAsync"/>) finds its twin's visit done and skips it.</summary>
    Task<bool> IsRevisitPendingAsync(string submissionId, TimeSpan age, CancellationToken ct);

    /// <summary>Revisits planned and not yet done.</summary>
    Task<long> CountPendingRevisitsAsync(CancellationToken ct);

    /// <summary>The creation time of the newest submission stored in a subreddit; null when none is.</summary>
    Task<DateTimeOffset?> GetNewestCreatedAsync(string subreddit, CancellationToken ct);

    /// <summary>How many submissions are stored, in one subreddit or (null) in all.</summary>
    Task<long> CountAsync(string? subreddit, CancellationToken ct);

    /// <summary>Streams stored submissions (one open reader, never a list) by creation time, then id; those
    /// without a creation time first. Filtered by subreddit and by creation time (inclusive) when given; a
    /// submission without a creation time never matches <paramref name="createdSince"/>.</summary>
    IAsyncEnumerable<StoredSubmission> ExportAsync(string? subreddit, DateTimeOffset? createdSince, CancellationToken ct);
}

/// <summary>A submission page as stored: what the scrape read and when.</summary>
/// <param name="Page">Everything the submission's page showed.</param>
/// <param name="ScrapedAt">When the page was fetched (kept to the millisecond).</param>
public sealed record StoredSubmission(SubmissionPage Page, DateTimeOffset ScrapedAt)
{
    /// <summary>When the submission was first stored. Read from the store; <see cref="ISubmissionStore.UpsertAsync(StoredSubmission, RecordPolicy, CancellationToken)"/>
    /// ignores it (a new row takes <see cref="ScrapedAt"/>, an existing one keeps its own).</summary>
    public DateTimeOffset FirstScrapedAt { get; init; } = ScrapedAt;

    /// <summary>How many scrapes wrote the row. Read from the store; ignored on write.</summary>
    public int ScrapeCount { get; init; } = 1;

    /// <summary>Which visit this is: null for a scrape discovery asked for, the configured age for a revisit.
    /// Written with the visit's snapshot; not read back.</summary>
    public TimeSpan? RevisitAge { get; init; }

    /// <summary>When edits and removals were first seen. Read from the store; ignored on write.</summary>
    public Seen? Seen { get; init; }
}
