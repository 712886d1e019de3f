using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Scraper.Jobs.OldReddit;

namespace Scraper.Jobs.Storage;

/// <summary>The submissions of a <see cref="SqlStore"/>, through Dapper and <see cref="SubmissionRow"/>.</summary>
internal sealed class SqlSubmissionStore(SqlStore store, SubmissionDatabase database) : ISubmissionStore
{
    public SubmissionDatabase Database => database;

    public Task InitializeAsync(CancellationToken ct) => store.InitializeAsync(ct);

    public Task<int> SchemaVersionAsync(CancellationToken ct) => store.SchemaVersionAsync(ct);

    public async Task<bool> UpsertAsync(StoredSubmission submission, RecordPolicy policy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentException.ThrowIfNullOrEmpty(submission.Page.Submission.Id, nameof(submission));

        var page = submission.Page;
        var post = page.Submission;
        var seenMs = submission.ScrapedAt.ToUnixTimeMilliseconds();
        var erase = !policy.KeepDeletedContent;
        await using var connection = await store.OpenConnectionAsync(ct);
        await using var transaction = await store.BeginWriteTransactionAsync(connection, ct);
        var row = new DynamicParameters(SubmissionRow.From(submission, erase));
        row.Add("erase", erase);
        var scrapeCount = await connection.ExecuteScalarAsync<long>(new CommandDefinition(SubmissionSql.Upsert, row, transaction, cancellationToken: ct));

        await UpsertCommentsAsync(connection, transaction, post, page.Comments, seenMs, erase, ct);

        await connection.ExecuteAsync(new CommandDefinition(CommentSql.DeleteStubs, new { id = post.Id }, transaction, cancellationToken: ct));
        foreach (var stub in page.MoreComments)
        {
            await connection.ExecuteAsync(new CommandDefinition(CommentSql.InsertStub, new
            {
                id = post.Id,
                parent = stub.ParentFullname,
                kind = stub.Kind.ToString(),
                depth = stub.Depth,
                count = stub.Count,
                childIds = string.Join(',', stub.ChildIds),
                link = stub.Link?.OriginalString,
            }, transaction, cancellationToken: ct));
        }

        await connection.ExecuteAsync(new CommandDefinition(CommentSql.InsertSnapshot, new
        {
            id = post.Id,
            visitedMs = seenMs,
            ageMs = submission.RevisitAge is { } revisitAge ? (long)revisitAge.TotalMilliseconds : (long?)null,
            score = post.Score,
            upvoteRatio = page.UpvoteRatio,
            commentCount = post.CommentCount,
            isLocked = post.IsLocked,
            isArchived = post.IsArchived,
            linkFlairText = post.LinkFlair?.Text,
            editedMs = post.EditedUtc?.ToUnixTimeMilliseconds(),
            removalState = page.RemovalState.ToString(),
        }, transaction, cancellationToken: ct));

        if (scrapeCount == 1 && post.CreatedUtc is { } created)
        {
            // Ages already behind at the first scrape are left out: that scrape is the look at them.
            foreach (var age in policy.RevisitAges.Where(a => created + a > submission.ScrapedAt))
            {
                await connection.ExecuteAsync(new CommandDefinition(CommentSql.PlanRevisit, new
                {
                    id = post.Id,
                    subreddit = post.Subreddit,
                    ageMs = (long)age.TotalMilliseconds,
                    dueMs = (created + age).ToUnixTimeMilliseconds(),
                }, transaction, cancellationToken: ct));
            }
        }

        if (submission.RevisitAge is { } visited)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                CommentSql.CompleteRevisit, new { id = post.Id, ageMs = (long)visited.TotalMilliseconds, nowMs = seenMs }, transaction, cancellationToken: ct));
        }

        await transaction.CommitAsync(ct);
        return scrapeCount == 1;
    }

    public async Task<IReadOnlyList<StoredComment>> GetCommentsAsync(string submissionId, CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<CommentRow>(new CommandDefinition(CommentSql.BySubmission, new { id = submissionId }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToStored())];
    }

    public async Task<IReadOnlyList<Snapshot>> GetSnapshotsAsync(string submissionId, CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(long VisitedMs, long? AgeMs, long? Score, double? Ratio, int? Comments, bool Locked, bool Archived, string? Flair, long? EditedMs, string State)>(
            new CommandDefinition(CommentSql.Snapshots, new { id = submissionId }, cancellationToken: ct));
        return [.. rows.Select(r => new Snapshot(
            DateTimeOffset.FromUnixTimeMilliseconds(r.VisitedMs),
            r.AgeMs is { } age ? TimeSpan.FromMilliseconds(age) : null,
            r.Score,
            r.Ratio,
            r.Comments,
            r.Locked,
            r.Archived,
            r.Flair,
            CommentRow.Time(r.EditedMs),
            Enum.Parse<RemovalState>(r.State)))];
    }

    public async IAsyncEnumerable<StoredComment> ExportCommentsAsync(
        string? subreddit, DateTimeOffset? createdSince, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct);
        var sql = CommentSql.Export(bySubreddit: subreddit is not null, bySince: createdSince is not null);
        var parameters = new { subreddit = subreddit is null ? null : SqlStore.Key(subreddit), sinceMs = createdSince?.ToUnixTimeMilliseconds() };
        await foreach (var row in connection.QueryUnbufferedAsync<CommentRow>(sql, parameters).WithCancellation(ct))
        {
            yield return row.ToStored();
        }
    }

    public async Task<IReadOnlyList<DueRevisit>> TakeDueRevisitsAsync(DateTimeOffset now, int limit, TimeSpan stale, CancellationToken ct)
    {
        if (limit <= 0)
        {
            return [];
        }

        await using var connection = await store.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(string Subreddit, string Id, long AgeMs, long DueMs)>(new CommandDefinition(
            CommentSql.TakeDue,
            new { nowMs = now.ToUnixTimeMilliseconds(), staleBeforeMs = (now - stale).ToUnixTimeMilliseconds(), limit },
            cancellationToken: ct));
        return [.. rows.OrderBy(r => r.DueMs).Select(r =>
            new DueRevisit(r.Subreddit, r.Id, TimeSpan.FromMilliseconds(r.AgeMs), DateTimeOffset.FromUnixTimeMilliseconds(r.DueMs)))];
    }

    public async Task CompleteRevisitAsync(string submissionId, TimeSpan age, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            CommentSql.CompleteRevisit, new { id = submissionId, ageMs = (long)age.TotalMilliseconds, nowMs = at.ToUnixTimeMilliseconds() }, cancellationToken: ct));
    }

    public async Task AddCommentsAsync(
        Submission submission, IReadOnlyList<Comment> comments, DateTimeOffset seenAt, RecordPolicy policy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(comments);
        ArgumentNullException.ThrowIfNull(policy);
        await using var connection = await store.OpenConnectionAsync(ct);
        await using var transaction = await store.BeginWriteTransactionAsync(connection, ct);
        await UpsertCommentsAsync(connection, transaction, submission, comments, seenAt.ToUnixTimeMilliseconds(), !policy.KeepDeletedContent, ct);
        await transaction.CommitAsync(ct);
    }

    public async Task<bool> IsRevisitPendingAsync(string submissionId, TimeSpan age, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(submissionId);
        await using var connection = await store.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            CommentSql.IsPending, new { id = submissionId, ageMs = (long)age.TotalMilliseconds }, cancellationToken: ct)) > 0;
    }

    public async Task<long> CountPendingRevisitsAsync(CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(CommentSql.CountPending, cancellationToken: ct));
    }

    public async Task<DateTimeOffset?> GetNewestCreatedAsync(string subreddit, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subreddit);
        await using var connection = await store.OpenConnectionAsync(ct);
        var newest = await connection.ExecuteScalarAsync<long?>(
            new CommandDefinition(SubmissionSql.NewestCreated, new { subreddit = SqlStore.Key(subreddit) }, cancellationToken: ct));
        return newest is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    public async Task<long> CountAsync(string? subreddit, CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(subreddit is null
            ? new CommandDefinition(SubmissionSql.CountAll, cancellationToken: ct)
            : new CommandDefinition(SubmissionSql.CountInSubreddit, new { subreddit = SqlStore.Key(subreddit) }, cancellationToken: ct));
    }

    public async IAsyncEnumerable<StoredSubmission> ExportAsync(
        string? subreddit, DateTimeOffset? createdSince, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct);
        var sql = SubmissionSql.Export(bySubreddit: subreddit is not null, bySince: createdSince is not null);
        var parameters = new { subreddit = subreddit is null ? null : SqlStore.Key(subreddit), sinceMs = createdSince?.ToUnixTimeMilliseconds() };
        await foreach (var row in connection.QueryUnbufferedAsync<SubmissionRow>(sql, parameters).WithCancellation(ct))
        {
            yield return row.ToStored();
        }
    }

    private static async Task UpsertCommentsAsync(
        DbConnection connection, DbTransaction transaction, Submission post, IReadOnlyList<Comment> comments, long seenMs, bool erase,
        CancellationToken ct)
    {
        foreach (var comment in comments)
        {
            var parameters = new DynamicParameters(CommentRow.From(comment, post, seenMs, erase));
            parameters.Add("erase", erase);
            await connection.ExecuteAsync(new CommandDefinition(CommentSql.Upsert, parameters, transaction, cancellationToken: ct));
        }
    }
}
