using Dapper;

namespace Scraper.Jobs.Storage;

/// <summary>The <see cref="IRecordReader"/> of a <see cref="SqlStore"/>: five aggregate queries on one
/// connection, joined here by subreddit.</summary>
internal sealed class SqlRecordReader(SqlStore store) : IRecordReader
{
    public async Task<RecordSummary> ReadAsync(IReadOnlyCollection<string> configured, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(configured);
        await using var connection = await store.OpenConnectionAsync(ct);
        var submissions = (await connection.QueryAsync<(string Subreddit, long Count, long? NewestMs, long LastStoredMs)>(
            new CommandDefinition(RecordSql.Submissions, cancellationToken: ct))).ToDictionary(r => r.Subreddit);
        var comments = (await connection.QueryAsync<(string Subreddit, long Count)>(
            new CommandDefinition(RecordSql.Comments, cancellationToken: ct))).ToDictionary(r => r.Subreddit, r => r.Count);
        var revisits = (await connection.QueryAsync<(string Subreddit, long Pending, long Due)>(
            new CommandDefinition(RecordSql.Revisits, new { nowMs = now.ToUnixTimeMilliseconds() }, cancellationToken: ct))).ToDictionary(r => r.Subreddit);
        var planned = (await connection.QueryAsync<(string Subreddit, long PlannedMs)>(
            new CommandDefinition(RecordSql.Planned, cancellationToken: ct))).ToDictionary(r => r.Subreddit, r => r.PlannedMs);
        var runs = new Dictionary<string, RunLedger>(StringComparer.Ordinal);
        foreach (var run in await connection.QueryAsync<(string Run, string Subreddit, long StartedMs, long Discovered, long Enqueued, long AlreadyKnown, long Scraped, long Failed)>(
            new CommandDefinition(RecordSql.LastRuns, cancellationToken: ct)))
        {
            // Two runs started in the same millisecond: the later id (ordered) stands for both.
            runs[run.Subreddit] = new RunLedger(run.Run, run.Subreddit, DateTimeOffset.FromUnixTimeMilliseconds(run.StartedMs),
                run.Discovered, run.Enqueued, run.AlreadyKnown, run.Scraped, run.Failed);
        }

        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in submissions.Keys.Concat(comments.Keys).Concat(revisits.Keys).Concat(runs.Keys))
        {
            names[key] = key;
        }

        foreach (var name in configured)
        {
            names[SqlStore.Key(name)] = name;
        }

        return new RecordSummary(now, names.Select(pair =>
        {
            var key = pair.Key;
            var stored = submissions.GetValueOrDefault(key);
            var pending = revisits.GetValueOrDefault(key);
            return new SubredditRecord(
                pair.Value,
                stored.Count,
                comments.GetValueOrDefault(key),
                stored.NewestMs is { } newest ? DateTimeOffset.FromUnixTimeMilliseconds(newest) : null,
                stored.Count > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(stored.LastStoredMs) : null,
                planned.TryGetValue(key, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
                runs.GetValueOrDefault(key),
                pending.Pending,
                pending.Due);
        }).ToList());
    }
}
