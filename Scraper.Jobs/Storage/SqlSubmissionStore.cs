using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Scraper.Jobs.OldReddit;

namespace Scraper.Jobs.Storage;

/// <summary>The store over ADO.NET: all the logic and (through <see cref="SubmissionSql"/>) all the SQL, for
/// both databases. A subclass only opens connections and write transactions and locks the schema.</summary>
public abstract class SqlSubmissionStore : ISubmissionStore
{
    private protected SqlSubmissionStore()
    {
    }

    /// <summary>The schema version this code writes and reads.</summary>
    public static int LatestSchemaVersion => SubmissionSql.Migrations.Count;

    public async Task InitializeAsync(CancellationToken ct)
    {
        await PrepareDatabaseAsync(ct);
        await using var connection = await OpenConnectionAsync(ct);
        await using var transaction = await BeginWriteTransactionAsync(connection, ct);
        await LockSchemaAsync(connection, transaction, ct);

        await ExecuteAsync(connection, transaction, SubmissionSql.CreateVersionTable, ct);
        var current = await CurrentVersionAsync(connection, transaction, ct);
        if (current > LatestSchemaVersion)
        {
            throw new InvalidOperationException(
                $"The submissions database has schema version {current}; this Scraper knows versions up to "
                + $"{LatestSchemaVersion}. Run a newer Scraper, or point ConnectionStrings:Submissions elsewhere.");
        }

        for (var version = current + 1; version <= LatestSchemaVersion; version++)
        {
            await ExecuteAsync(connection, transaction, SubmissionSql.Migrations[version - 1], ct);
            await using var record = Command(connection, transaction, SubmissionSql.RecordVersion);
            AddInt32(record, "version", version);
            await record.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    public async Task<int> SchemaVersionAsync(CancellationToken ct)
    {
        await using var connection = await OpenConnectionAsync(ct);
        return await CurrentVersionAsync(connection, null, ct);
    }

    public async Task<bool> UpsertAsync(StoredSubmission submission, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentException.ThrowIfNullOrEmpty(submission.Page.Submission.Id, nameof(submission));

        await using var connection = await OpenConnectionAsync(ct);
        await using var command = Command(connection, null, SubmissionSql.Upsert);
        Bind(command, submission);
        var scrapeCount = Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        return scrapeCount == 1;
    }

    public async Task<IReadOnlySet<string>> FindStoredAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var stored = new HashSet<string>(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return stored;
        }

        await using var connection = await OpenConnectionAsync(ct);
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(SubmissionSql.MaxIdsPerStatement))
        {
            await using var command = Command(connection, null, SubmissionSql.FindStored(chunk.Length));
            AddIds(command, chunk);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                stored.Add(reader.GetString(0));
            }
        }

        return stored;
    }

    public async Task<IReadOnlyList<string>> ClaimAsync(
        string subreddit, IReadOnlyCollection<string> ids, string claimant, DateTimeOffset now, TimeSpan staleAfter,
        CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subreddit);
        ArgumentException.ThrowIfNullOrWhiteSpace(claimant);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(staleAfter, TimeSpan.Zero);
        if (ids.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("An id is null or empty.", nameof(ids));
        }

        if (ids.Count == 0)
        {
            return [];
        }

        var claimed = new HashSet<string>(StringComparer.Ordinal);
        await using var connection = await OpenConnectionAsync(ct);
        // Distinct: PostgreSQL refuses to touch one row twice in a statement. Each chunk is a statement of its
        // own (autocommit), so no locks are held from one chunk to the next.
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(SubmissionSql.MaxIdsPerStatement))
        {
            await using var command = Command(connection, null, SubmissionSql.Claim(chunk.Length));
            AddIds(command, chunk);
            AddText(command, "subreddit", subreddit);
            AddText(command, "claimant", claimant);
            AddInt64(command, "now_ms", now.ToUnixTimeMilliseconds());
            AddInt64(command, "stale_before_ms", (now - staleAfter).ToUnixTimeMilliseconds());
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                claimed.Add(reader.GetString(0));
            }
        }

        return ids.Distinct(StringComparer.Ordinal).Where(claimed.Contains).ToList();
    }

    public async Task<Watermark?> GetWatermarkAsync(string subreddit, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subreddit);
        await using var connection = await OpenConnectionAsync(ct);
        await using var command = Command(connection, null, SubmissionSql.GetWatermark);
        AddText(command, "subreddit", Key(subreddit));
        await using var reader = await command.ExecuteReaderAsync(ct);
        long? newest = null;
        var ids = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            newest = reader.GetInt64(0);
            if (!reader.IsDBNull(1))
            {
                ids.Add(reader.GetString(1));
            }
        }

        // Sorted here rather than by the database, whose collation may not be ordinal.
        ids.Sort(StringComparer.Ordinal);
        return newest is { } ms ? new Watermark(DateTimeOffset.FromUnixTimeMilliseconds(ms), ids) : null;
    }

    public async Task SetWatermarkAsync(string subreddit, Watermark watermark, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subreddit);
        ArgumentNullException.ThrowIfNull(watermark);
        ArgumentNullException.ThrowIfNull(watermark.IdsAtNewest);

        var key = Key(subreddit);
        var newestMs = watermark.NewestCreatedUtc.ToUnixTimeMilliseconds();
        await using var connection = await OpenConnectionAsync(ct);
        await using var transaction = await BeginWriteTransactionAsync(connection, ct);

        await using (var advance = Command(connection, transaction, SubmissionSql.AdvanceWatermark))
        {
            AddText(advance, "subreddit", key);
            AddInt64(advance, "newest_ms", newestMs);
            if (await advance.ExecuteScalarAsync(ct) is null)
            {
                return; // Older than the stored watermark: nothing changes; the transaction rolls back.
            }
        }

        await using (var drop = Command(connection, transaction, SubmissionSql.DropOlderWatermarkIds))
        {
            AddText(drop, "subreddit", key);
            AddInt64(drop, "newest_ms", newestMs);
            await drop.ExecuteNonQueryAsync(ct);
        }

        foreach (var id in watermark.IdsAtNewest.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            await using var add = Command(connection, transaction, SubmissionSql.AddWatermarkId);
            AddText(add, "subreddit", key);
            AddText(add, "id", id);
            AddInt64(add, "newest_ms", newestMs);
            await add.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    public async Task RecordDiscoveryAsync(DiscoveryTally tally, IReadOnlyCollection<string> enqueued, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tally);
        ArgumentNullException.ThrowIfNull(enqueued);
        await using var connection = await OpenConnectionAsync(ct);
        await using var transaction = await BeginWriteTransactionAsync(connection, ct);
        await using (var record = Command(connection, transaction, SubmissionSql.RecordDiscovery))
        {
            AddText(record, "run", tally.Run);
            AddText(record, "subreddit", tally.Subreddit);
            AddInt64(record, "started_ms", tally.Started.ToUnixTimeMilliseconds());
            AddInt64(record, "discovered", tally.Discovered);
            AddInt64(record, "enqueued", tally.Enqueued);
            AddInt64(record, "already_known", tally.AlreadyKnown);
            await record.ExecuteNonQueryAsync(ct);
        }

        foreach (var chunk in enqueued.Distinct(StringComparer.Ordinal).Chunk(SubmissionSql.MaxIdsPerStatement))
        {
            await using var tag = Command(connection, transaction, SubmissionSql.TagClaims(chunk.Length));
            AddIds(tag, chunk);
            AddText(tag, "run", tally.Run);
            await tag.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    public async Task RecordScrapeFailureAsync(string id, string reason, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        await using var connection = await OpenConnectionAsync(ct);
        await using var command = Command(connection, null, SubmissionSql.RecordFailure);
        AddText(command, "id", id);
        AddText(command, "reason", reason);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<RunLedger>> GetRunLedgerAsync(DateTimeOffset startedSince, CancellationToken ct)
    {
        await using var connection = await OpenConnectionAsync(ct);
        await using var command = Command(connection, null, SubmissionSql.RunLedger);
        AddInt64(command, "since_ms", startedSince.ToUnixTimeMilliseconds());
        await using var reader = await command.ExecuteReaderAsync(ct);
        var runs = new List<RunLedger>();
        while (await reader.ReadAsync(ct))
        {
            runs.Add(new RunLedger(
                reader.GetString(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7)));
        }

        return runs;
    }

    public async Task<DateTimeOffset?> GetNewestCreatedAsync(string subreddit, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subreddit);
        await using var connection = await OpenConnectionAsync(ct);
        await using var command = Command(connection, null, SubmissionSql.NewestCreated);
        AddText(command, "subreddit", Key(subreddit));
        return await command.ExecuteScalarAsync(ct) is { } value and not DBNull
            ? DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(value, CultureInfo.InvariantCulture))
            : null;
    }

    public async Task<long> CountAsync(string? subreddit, CancellationToken ct)
    {
        await using var connection = await OpenConnectionAsync(ct);
        await using var command = Command(
            connection, null, subreddit is null ? SubmissionSql.CountAll : SubmissionSql.CountInSubreddit);
        if (subreddit is not null)
        {
            AddText(command, "subreddit", Key(subreddit));
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    public async IAsyncEnumerable<StoredSubmission> ExportAsync(
        string? subreddit, DateTimeOffset? createdSince, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await OpenConnectionAsync(ct);
        await using var command = Command(
            connection, null, SubmissionSql.Export(bySubreddit: subreddit is not null, bySince: createdSince is not null));
        if (subreddit is not null)
        {
            AddText(command, "subreddit", Key(subreddit));
        }

        if (createdSince is { } since)
        {
            AddInt64(command, "since_ms", since.ToUnixTimeMilliseconds());
        }

        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return Read(reader);
        }
    }

    /// <summary>Once per <see cref="InitializeAsync"/>, before the connection for the migration is opened.</summary>
    private protected virtual Task PrepareDatabaseAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>An open connection, ready for statements.</summary>
    private protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken ct);

    /// <summary>A transaction that will write. (SQLite must take its write lock at the start.)</summary>
    private protected virtual async Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken ct) =>
        await connection.BeginTransactionAsync(ct);

    /// <summary>Holds off every other <see cref="InitializeAsync"/> on this database until the transaction ends.</summary>
    private protected abstract Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct);

    private protected static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<int> CurrentVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken ct)
    {
        await using var command = Command(connection, transaction, SubmissionSql.CurrentVersion);
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    // Subreddits are keyed and compared lower-case: reddit's names are ASCII and case-insensitive.
    private static string Key(string subreddit) => subreddit.ToLowerInvariant();

    // Every text passed here is SubmissionSql's, built from constants and generated parameter names; values
    // are always bound as parameters, never spliced into the text.
    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private static void Bind(DbCommand command, StoredSubmission stored)
    {
        var page = stored.Page;
        var s = page.Submission;
        AddText(command, "id", s.Id);
        AddText(command, "subreddit", s.Subreddit);
        AddText(command, "title", s.Title);
        AddText(command, "author", s.Author);
        AddText(command, "author_flair_text", s.AuthorFlair?.Text);
        AddText(command, "author_flair_emoji", s.AuthorFlair?.EmojiCode);
        AddText(command, "link_flair_text", s.LinkFlair?.Text);
        AddText(command, "link_flair_emoji", s.LinkFlair?.EmojiCode);
        AddInt64(command, "created_utc_ms", s.CreatedUtc?.ToUnixTimeMilliseconds());
        AddInt64(command, "edited_utc_ms", s.EditedUtc?.ToUnixTimeMilliseconds());
        AddInt64(command, "score", s.Score);
        AddInt32(command, "comment_count", s.CommentCount);
        // OriginalString, not ToString(): the latter unescapes, and AbsoluteUri would turn the page's
        // non-ASCII paths into percent-escapes.
        AddText(command, "permalink", s.Permalink.OriginalString);
        AddText(command, "url", s.Url.OriginalString);
        AddText(command, "domain", s.Domain);
        AddBoolean(command, "is_self", s.IsSelf);
        AddBoolean(command, "is_nsfw", s.IsNsfw);
        AddBoolean(command, "is_spoiler", s.IsSpoiler);
        AddBoolean(command, "is_stickied", s.IsStickied);
        AddBoolean(command, "is_locked", s.IsLocked);
        AddBoolean(command, "is_archived", s.IsArchived);
        AddBoolean(command, "is_original_content", s.IsOriginalContent);
        AddBoolean(command, "is_gallery", s.IsGallery);
        AddBoolean(command, "is_video", s.IsVideo);
        AddBoolean(command, "is_promoted", s.IsPromoted);
        AddBoolean(command, "is_crosspost", s.CrosspostParent is not null);
        AddText(command, "crosspost_root_fullname", s.CrosspostParent?.RootFullname);
        AddText(command, "crosspost_subreddit", s.CrosspostParent?.Subreddit);
        AddText(command, "crosspost_author", s.CrosspostParent?.Author);
        AddText(command, "thumbnail", s.Thumbnail?.OriginalString);
        AddText(command, "selftext_text", page.SelftextText);
        AddText(command, "selftext_html", page.SelftextHtml);
        AddDouble(command, "upvote_ratio", page.UpvoteRatio);
        AddInt64(command, "points", page.Points);
        AddText(command, "removal_state", page.RemovalState.ToString());
        AddInt32(command, "comment_count_in_header", page.CommentCountInHeader);
        AddInt32(command, "comments_rendered", page.CommentsRendered);
        AddInt64(command, "scraped_at_ms", stored.ScrapedAt.ToUnixTimeMilliseconds());
        // A new row's first scrape is this one; an existing row keeps its own (see SubmissionSql.Upsert).
        AddInt64(command, "first_scraped_at_ms", stored.ScrapedAt.ToUnixTimeMilliseconds());
        AddInt32(command, "scrape_count", 1);
    }

    // Reads a row of SubmissionSql.Export: the columns in SubmissionSql.Columns order.
    private static StoredSubmission Read(DbDataReader reader)
    {
        var row = new Row(reader);
        var submission = new Submission
        {
            Id = row.Text(),
            Subreddit = row.Text(),
            Title = row.Text(),
            Author = row.NullableText(),
            AuthorFlair = Flair(row),
            LinkFlair = Flair(row),
            CreatedUtc = row.NullableTime(),
            EditedUtc = row.NullableTime(),
            Score = row.NullableInt64(),
            CommentCount = row.NullableInt32(),
            Permalink = new Uri(row.Text(), UriKind.Absolute),
            Url = new Uri(row.Text(), UriKind.Absolute),
            Domain = row.Text(),
            IsSelf = row.Boolean(),
            IsNsfw = row.Boolean(),
            IsSpoiler = row.Boolean(),
            IsStickied = row.Boolean(),
            IsLocked = row.Boolean(),
            IsArchived = row.Boolean(),
            IsOriginalContent = row.Boolean(),
            IsGallery = row.Boolean(),
            IsVideo = row.Boolean(),
            IsPromoted = row.Boolean(),
            CrosspostParent = Crosspost(row),
            Thumbnail = row.NullableText() is { } thumbnail ? new Uri(thumbnail, UriKind.Absolute) : null,
        };
        var page = new SubmissionPage
        {
            Submission = submission,
            SelftextText = row.Text(),
            SelftextHtml = row.Text(),
            UpvoteRatio = row.NullableDouble(),
            Points = row.NullableInt64(),
            RemovalState = Enum.Parse<RemovalState>(row.Text()),
            CommentCountInHeader = row.NullableInt32(),
            CommentsRendered = row.Int32(),
        };
        return new StoredSubmission(page, row.Time())
        {
            FirstScrapedAt = row.Time(),
            ScrapeCount = row.Int32(),
        };
    }

    private static Flair? Flair(Row row)
    {
        var text = row.NullableText();
        var emoji = row.NullableText();
        return text is null ? null : new Flair(text, emoji);
    }

    private static CrosspostParent? Crosspost(Row row)
    {
        var isCrosspost = row.Boolean();
        var parent = new CrosspostParent(row.NullableText(), row.NullableText(), row.NullableText());
        return isCrosspost ? parent : null;
    }

    private static void AddIds(DbCommand command, string[] ids)
    {
        for (var i = 0; i < ids.Length; i++)
        {
            AddText(command, SubmissionSql.IdParameter(i), ids[i]);
        }
    }

    // Typed parameters, null as DBNull: PostgreSQL must know a parameter's type even when its value is null.
    private static void AddText(DbCommand command, string name, string? value) => Add(command, name, DbType.String, value);

    private static void AddInt64(DbCommand command, string name, long? value) => Add(command, name, DbType.Int64, value);

    private static void AddInt32(DbCommand command, string name, int? value) => Add(command, name, DbType.Int32, value);

    private static void AddDouble(DbCommand command, string name, double? value) => Add(command, name, DbType.Double, value);

    private static void AddBoolean(DbCommand command, string name, bool value) => Add(command, name, DbType.Boolean, value);

    private static void Add(DbCommand command, string name, DbType type, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Reads a row's columns one after another.</summary>
    private sealed class Row(DbDataReader reader)
    {
        private int _next;

        public string Text() => reader.GetString(_next++);

        public string? NullableText() => SkipNull() ? null : reader.GetString(_next++);

        public bool Boolean() => reader.GetBoolean(_next++);

        public int Int32() => reader.GetInt32(_next++);

        public int? NullableInt32() => SkipNull() ? null : reader.GetInt32(_next++);

        public long? NullableInt64() => SkipNull() ? null : reader.GetInt64(_next++);

        public double? NullableDouble() => SkipNull() ? null : reader.GetDouble(_next++);

        public DateTimeOffset Time() => DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(_next++));

        public DateTimeOffset? NullableTime() => NullableInt64() is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

        // True, and past the column, when the next column is null.
        private bool SkipNull()
        {
            if (!reader.IsDBNull(_next))
            {
                return false;
            }

            _next++;
            return true;
        }
    }
}
