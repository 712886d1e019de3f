using Scraper.Jobs.OldReddit;

namespace Scraper.Jobs.Storage;

/// <summary>What the record knows of a thing beyond its last page: when it was first and last seen, when an
/// edit and a removal were first seen, who removed it (<see cref="RecordPolicy.RemovedBy"/>), and whether its
/// deleted text was erased.</summary>
public sealed record Seen(
    DateTimeOffset First,
    DateTimeOffset Last,
    DateTimeOffset? FirstEdited,
    DateTimeOffset? FirstRemoved,
    string? RemovedBy,
    bool ContentErased);

/// <summary>A comment as stored: its latest values (the text seen before a removal kept, unless erased).</summary>
public sealed record StoredComment(Comment Comment, string SubmissionId, string Subreddit, Seen Seen);

/// <summary>One visit of a submission's page: the first scrape (<see cref="RevisitAge"/> null) or a revisit at a
/// configured age.</summary>
public sealed record Snapshot(
    DateTimeOffset VisitedAt,
    TimeSpan? RevisitAge,
    long? Score,
    double? UpvoteRatio,
    int? CommentCount,
    bool IsLocked,
    bool IsArchived,
    string? LinkFlairText,
    DateTimeOffset? EditedUtc,
    RemovalState RemovalState);

/// <summary>A revisit due: which submission, at which of the configured ages, and when it fell due.</summary>
public sealed record DueRevisit(string Subreddit, string Id, TimeSpan Age, DateTimeOffset DueAt);
