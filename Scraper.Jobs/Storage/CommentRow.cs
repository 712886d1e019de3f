using Scraper.Jobs.OldReddit;

namespace Scraper.Jobs.Storage;

/// <summary>A row of <c>comments</c>, as <see cref="SubmissionRow"/> is one of <c>submissions</c>: each property is
/// the column of the same name in snake case.</summary>
internal sealed class CommentRow
{
    public string Id { get; init; } = "";
    public string SubmissionId { get; init; } = "";
    public string Subreddit { get; init; } = "";
    public string ParentFullname { get; init; } = "";
    public int Depth { get; init; }
    public string? Author { get; init; }
    public string? AuthorFlairText { get; init; }
    public string? AuthorFlairEmoji { get; init; }
    public string BodyText { get; init; } = "";
    public string BodyHtml { get; init; } = "";
    public long? Score { get; init; }
    public bool IsScoreHidden { get; init; }
    public long? CreatedUtcMs { get; init; }
    public long? EditedUtcMs { get; init; }
    public string? Distinguished { get; init; }
    public bool IsStickied { get; init; }
    public bool IsSubmitter { get; init; }
    public bool IsCollapsed { get; init; }
    public string RemovalState { get; init; } = "";
    public string? RemovedBy { get; init; }
    public string? Permalink { get; init; }
    public long FirstSeenAtMs { get; init; }
    public long LastSeenAtMs { get; init; }
    public long? FirstSeenEditedAtMs { get; init; }
    public long? FirstSeenRemovedAtMs { get; init; }
    public bool ContentErased { get; init; }

    /// <summary>The row a visit writes; <paramref name="erase"/> (<c>Scraper:KeepDeletedContent=false</c>): an
    /// author-deleted comment is stored without its author and text, as an update would leave it.</summary>
    public static CommentRow From(Comment c, Submission submission, long seenMs, bool erase = false)
    {
        var erased = erase && c.RemovalState == OldReddit.RemovalState.Deleted;
        return new CommentRow
        {
            Id = c.Id,
            SubmissionId = submission.Id,
            Subreddit = submission.Subreddit,
            ParentFullname = c.ParentFullname,
            Depth = c.Depth,
            Author = erased ? null : c.Author,
            AuthorFlairText = erased ? null : c.AuthorFlair?.Text,
            AuthorFlairEmoji = erased ? null : c.AuthorFlair?.EmojiCode,
            BodyText = erased ? string.Empty : c.BodyText,
            BodyHtml = erased ? string.Empty : c.BodyHtml,
            Score = c.Score,
            IsScoreHidden = c.IsScoreHidden,
            CreatedUtcMs = c.CreatedUtc?.ToUnixTimeMilliseconds(),
            EditedUtcMs = c.EditedUtc?.ToUnixTimeMilliseconds(),
            Distinguished = c.Distinguished == OldReddit.Distinguished.None ? null : c.Distinguished.ToString().ToLowerInvariant(),
            IsStickied = c.IsStickied,
            IsSubmitter = c.IsSubmitter,
            IsCollapsed = c.IsCollapsed,
            RemovalState = c.RemovalState.ToString(),
            RemovedBy = c.RemovalState switch
            {
                OldReddit.RemovalState.Deleted => "deleted",
                OldReddit.RemovalState.Removed => "moderator",
                _ => null,
            },
            Permalink = c.Permalink?.OriginalString,
            FirstSeenAtMs = seenMs,
            LastSeenAtMs = seenMs,
            FirstSeenEditedAtMs = c.EditedUtc is null ? null : seenMs,
            FirstSeenRemovedAtMs = c.RemovalState == OldReddit.RemovalState.None ? null : seenMs,
            ContentErased = erased,
        };
    }

    public StoredComment ToStored() => new(
        new Comment
        {
            Id = Id,
            ParentFullname = ParentFullname,
            Depth = Depth,
            Author = Author,
            AuthorFlair = AuthorFlairText is null ? null : new Flair(AuthorFlairText, AuthorFlairEmoji),
            BodyText = BodyText,
            BodyHtml = BodyHtml,
            Score = Score,
            IsScoreHidden = IsScoreHidden,
            CreatedUtc = Time(CreatedUtcMs),
            EditedUtc = Time(EditedUtcMs),
            Distinguished = Distinguished is null ? OldReddit.Distinguished.None : Enum.Parse<Distinguished>(Distinguished, ignoreCase: true),
            IsStickied = IsStickied,
            IsSubmitter = IsSubmitter,
            IsCollapsed = IsCollapsed,
            RemovalState = Enum.Parse<RemovalState>(RemovalState),
            Permalink = Permalink is null ? null : new Uri(Permalink, UriKind.Absolute),
        },
        SubmissionId,
        Subreddit,
        new Seen(
            DateTimeOffset.FromUnixTimeMilliseconds(FirstSeenAtMs),
            DateTimeOffset.FromUnixTimeMilliseconds(LastSeenAtMs),
            Time(FirstSeenEditedAtMs),
            Time(FirstSeenRemovedAtMs),
            RemovedBy,
            ContentErased));

    internal static DateTimeOffset? Time(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;
}
