using System.Runtime.CompilerServices;
using Dapper;

namespace Scraper.Jobs.Storage;

/// <summary>The submissions of a <see cref="SqlStore"/>, through Dapper and <see cref="SubmissionRow"/>.</summary>
internal sealed class SqlSubmissionStore(SqlStore store, SubmissionDatabase database) : ISubmissionStore
{
    public SubmissionDatabase Database => database;

    public Task InitializeAsync(CancellationToken ct) => store.InitializeAsync(ct);

    public Task<int> SchemaVersionAsync(CancellationToken ct) => store.SchemaVersionAsync(ct);

    public async Task<bool> UpsertAsync(StoredSubmission submission, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentException.ThrowIfNullOrEmpty(submission.Page.Submission.Id, nameof(submission));

        await using var connection = await store.OpenConnectionAsync(ct);
        var scrapeCount = await connection.ExecuteScalarAsync<long>(
            new CommandDefinition(SubmissionSql.Upsert, SubmissionRow.From(submission), cancellationToken: ct));
        return scrapeCount == 1;
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
}
