namespace Scraper.Jobs.Storage;

/// <summary>What the store holds, per subreddit and in all, for people to read (the dashboard's Record page):
/// a few aggregate queries, nothing per row.</summary>
public interface IRecordReader
{
    /// <summary>The record of every subreddit in <paramref name="configured"/> (by that spelling, stored or not)
    /// and of every other subreddit the store holds anything of (by its lower-case key), ordered by name.</summary>
    Task<RecordSummary> ReadAsync(IReadOnlyCollection<string> configured, DateTimeOffset now, CancellationToken ct);
}

/// <summary>The record at <paramref name="At"/>.</summary>
public sealed record RecordSummary(DateTimeOffset At, IReadOnlyList<SubredditRecord> Subreddits)
{
    public long Submissions => Subreddits.Sum(s => s.Submissions);

    public long Comments => Subreddits.Sum(s => s.Comments);

    public long RevisitsPending => Subreddits.Sum(s => s.RevisitsPending);

    public long RevisitsDue => Subreddits.Sum(s => s.RevisitsDue);

    /// <summary>The newest submission stored in any subreddit.</summary>
    public DateTimeOffset? Newest => Subreddits.Max(s => s.Newest);
}

/// <summary>One subreddit's record: how many submissions and comments are stored, the newest stored submission's
/// creation time and when the last one was first stored, when discovery last planned a read of it and the ledger
/// of its last discovery run, and its revisits not yet done (of which <see cref="RevisitsDue"/> are due).</summary>
public sealed record SubredditRecord(
    string Subreddit,
    long Submissions,
    long Comments,
    DateTimeOffset? Newest,
    DateTimeOffset? LastStored,
    DateTimeOffset? LastReadPlanned,
    RunLedger? LastRun,
    long RevisitsPending,
    long RevisitsDue)
{
    /// <summary>How far the record is behind <paramref name="now"/>: the newest stored submission's age. Null while
    /// nothing is stored.</summary>
    public TimeSpan? FreshnessLag(DateTimeOffset now) => Newest is { } newest ? now - newest : null;
}
