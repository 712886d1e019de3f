namespace Scraper.Jobs.Storage;

/// <summary>The SQL of the record beyond the submission row: comments, their stubs, snapshots and revisits, in
/// the dialect both databases share (see <see cref="SubmissionSql"/>).</summary>
internal static class CommentSql
{
    private static readonly string[] Columns = [.. typeof(CommentRow).GetProperties().OrderBy(p => p.MetadataToken).Select(p => p.Name)];

    // What a later visit writes over: a removal or deletion keeps the text seen before, unless @erase and the
    // author deleted it; every first-seen time keeps the first.
    private static readonly Dictionary<string, string> Merged = new(StringComparer.Ordinal)
    {
        ["author"] = "CASE WHEN excluded.removal_state = 'None' THEN excluded.author "
            + "WHEN @erase AND excluded.removal_state = 'Deleted' THEN NULL ELSE COALESCE(comments.author, excluded.author) END",
        ["author_flair_text"] = Kept("author_flair_text", erased: "NULL"),
        ["author_flair_emoji"] = Kept("author_flair_emoji", erased: "NULL"),
        ["body_text"] = Body("body_text"),
        ["body_html"] = Body("body_html"),
        ["score"] = "COALESCE(excluded.score, comments.score)",
        ["created_utc_ms"] = "COALESCE(excluded.created_utc_ms, comments.created_utc_ms)",
        ["edited_utc_ms"] = "COALESCE(excluded.edited_utc_ms, comments.edited_utc_ms)",
        ["removed_by"] = "COALESCE(excluded.removed_by, comments.removed_by)",
        ["permalink"] = "COALESCE(excluded.permalink, comments.permalink)",
        ["first_seen_edited_at_ms"] = "COALESCE(comments.first_seen_edited_at_ms, excluded.first_seen_edited_at_ms)",
        ["first_seen_removed_at_ms"] = "COALESCE(comments.first_seen_removed_at_ms, excluded.first_seen_removed_at_ms)",
        ["content_erased"] = "comments.content_erased OR (@erase AND excluded.removal_state = 'Deleted')",
    };

    private static readonly HashSet<string> KeptOnUpdate = ["id", "submission_id", "subreddit", "first_seen_at_ms"];

    /// <summary>Inserts or updates one <see cref="CommentRow"/> (plus <c>@erase</c>).</summary>
    public static readonly string Upsert =
        "INSERT INTO comments (" + string.Join(", ", Columns.Select(SubmissionRow.SnakeCase)) + ")\n"
        + "VALUES (" + string.Join(", ", Columns.Select(c => "@" + c)) + ")\n"
        + "ON CONFLICT (id) DO UPDATE SET\n    "
        + string.Join(",\n    ", Columns.Select(SubmissionRow.SnakeCase).Where(c => !KeptOnUpdate.Contains(c))
            .Select(c => c + " = " + (Merged.TryGetValue(c, out var merged) ? merged : "excluded." + c)));

    public static readonly string BySubmission =
        "SELECT " + string.Join(", ", Columns.Select(c => SubmissionRow.SnakeCase(c) + " AS " + c))
        + " FROM comments WHERE submission_id = @id ORDER BY id";

    /// <summary>Every stored comment, filtered by its own subreddit and creation time, in the dumps' order: creation
    /// time, then id.</summary>
    public static string Export(bool bySubreddit, bool bySince) =>
        "SELECT " + string.Join(", ", Columns.Select(c => SubmissionRow.SnakeCase(c) + " AS " + c)) + " FROM comments"
        + (bySubreddit || bySince ? " WHERE " : string.Empty)
        + string.Join(" AND ", new[] { bySubreddit ? "lower(subreddit) = @subreddit" : null, bySince ? "created_utc_ms >= @sinceMs" : null }.OfType<string>())
        + " ORDER BY created_utc_ms NULLS FIRST, id";

    public const string DeleteStubs = "DELETE FROM comment_stubs WHERE submission_id = @id";

    public const string InsertStub = """
        INSERT INTO comment_stubs (submission_id, parent_fullname, kind, depth, shown_count, child_ids, link)
        VALUES (@id, @parent, @kind, @depth, @count, @childIds, @link)
        ON CONFLICT (submission_id, parent_fullname, kind) DO NOTHING
        """;

    public const string InsertSnapshot = """
        INSERT INTO submission_snapshots (submission_id, visited_at_ms, revisit_age_ms, score, upvote_ratio,
            comment_count, is_locked, is_archived, link_flair_text, edited_utc_ms, removal_state)
        VALUES (@id, @visitedMs, @ageMs, @score, @upvoteRatio, @commentCount, @isLocked, @isArchived, @linkFlairText,
            @editedMs, @removalState)
        ON CONFLICT (submission_id, visited_at_ms) DO NOTHING
        """;

    public const string Snapshots = """
        SELECT visited_at_ms, revisit_age_ms, score, upvote_ratio, comment_count, is_locked, is_archived,
            link_flair_text, edited_utc_ms, removal_state
        FROM submission_snapshots WHERE submission_id = @id ORDER BY visited_at_ms
        """;

    public const string PlanRevisit = """
        INSERT INTO revisits (submission_id, subreddit, age_ms, due_at_ms) VALUES (@id, @subreddit, @ageMs, @dueMs)
        ON CONFLICT (submission_id, age_ms) DO NOTHING
        """;

    /// <summary>A visit at an age completes it and any younger age still pending (the page is newer than those).</summary>
    public const string CompleteRevisit = """
        UPDATE revisits SET done_at_ms = @nowMs WHERE submission_id = @id AND age_ms <= @ageMs AND done_at_ms IS NULL
        """;

    /// <summary>Takes up to <c>@limit</c> revisits due by <c>@nowMs</c>, oldest due first, that no one took since
    /// <c>@staleBeforeMs</c>, and marks them taken.</summary>
    public const string TakeDue = """
        UPDATE revisits SET enqueued_at_ms = @nowMs
        WHERE (submission_id, age_ms) IN (
            SELECT submission_id, age_ms FROM revisits
            WHERE done_at_ms IS NULL AND due_at_ms <= @nowMs AND (enqueued_at_ms IS NULL OR enqueued_at_ms < @staleBeforeMs)
            ORDER BY due_at_ms, submission_id
            LIMIT @limit)
        RETURNING subreddit, submission_id, age_ms, due_at_ms
        """;

    public const string CountPending = "SELECT COUNT(*) FROM revisits WHERE done_at_ms IS NULL";

    public const string IsPending = "SELECT COUNT(*) FROM revisits WHERE submission_id = @id AND age_ms = @ageMs AND done_at_ms IS NULL";

    private static string Kept(string column, string erased) =>
        "CASE WHEN excluded.removal_state = 'None' THEN excluded." + column
        + " WHEN @erase AND excluded.removal_state = 'Deleted' THEN " + erased
        + " ELSE COALESCE(comments." + column + ", excluded." + column + ") END";

    private static string Body(string column) =>
        "CASE WHEN excluded.removal_state = 'None' THEN excluded." + column
        + " WHEN @erase AND excluded.removal_state = 'Deleted' THEN '' ELSE comments." + column + " END";
}
