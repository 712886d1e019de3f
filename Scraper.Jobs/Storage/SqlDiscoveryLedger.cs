using Dapper;

namespace Scraper.Jobs.Storage;

/// <summary>The discovery bookkeeping of a <see cref="SqlStore"/>, through Dapper.</summary>
internal sealed class SqlDiscoveryLedger(SqlStore store) : IDiscoveryLedger
{
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
        await using var connection = await store.OpenConnectionAsync(ct);
        // Distinct: PostgreSQL refuses to touch one row twice in a statement. Each chunk is a statement of its
        // own (autocommit), so no locks are held from one chunk to the next.
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(SubmissionSql.MaxIdsPerStatement))
        {
            var parameters = SubmissionSql.BindIds(chunk);
            parameters.AddDynamicParams(new
            {
                subreddit,
                claimant,
                nowMs = now.ToUnixTimeMilliseconds(),
                staleBeforeMs = (now - staleAfter).ToUnixTimeMilliseconds(),
            });
            claimed.UnionWith(await connection.QueryAsync<string>(
                new CommandDefinition(SubmissionSql.Claim(chunk.Length), parameters, cancellationToken: ct)));
        }

        return ids.Distinct(StringComparer.Ordinal).Where(claimed.Contains).ToList();
    }

    public async Task<Watermark?> GetWatermarkAsync(string subreddit, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subreddit);
        await using var connection = await store.OpenConnectionAsync(ct);
        var newest = await connection.ExecuteScalarAsync<long?>(
            new CommandDefinition(SubmissionSql.GetWatermark, new { subreddit = SqlStore.Key(subreddit) }, cancellationToken: ct));
        return newest is { } ms ? new Watermark(DateTimeOffset.FromUnixTimeMilliseconds(ms)) : null;
    }

    public async Task SetWatermarkAsync(string subreddit, Watermark watermark, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subreddit);
        ArgumentNullException.ThrowIfNull(watermark);
        await using var connection = await store.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            SubmissionSql.AdvanceWatermark,
            new { subreddit = SqlStore.Key(subreddit), newestMs = watermark.NewestCreatedUtc.ToUnixTimeMilliseconds() },
            cancellationToken: ct));
    }

    public async Task<IReadOnlyList<SubredditPace>> GetPacesAsync(CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct);
        var watermarks = (await connection.QueryAsync<(string Subreddit, long NewestMs)>(
            new CommandDefinition(SubmissionSql.GetWatermarks, cancellationToken: ct))).ToDictionary(w => w.Subreddit, w => w.NewestMs);
        var rates = (await connection.QueryAsync<(string Subreddit, double? Posts, double? Hours, double? LastPosts, double? LastHours, long? UpdatedMs, long? PlannedMs)>(
            new CommandDefinition(SubmissionSql.GetPostingRates, cancellationToken: ct))).ToDictionary(r => r.Subreddit);
        return watermarks.Keys.Union(rates.Keys).Order(StringComparer.Ordinal).Select(subreddit =>
        {
            Watermark? watermark = watermarks.TryGetValue(subreddit, out var ms) ? new Watermark(DateTimeOffset.FromUnixTimeMilliseconds(ms)) : null;
            if (!rates.TryGetValue(subreddit, out var r))
            {
                return new SubredditPace(subreddit, watermark, null, null);
            }

            // Planned before its first read: no rate yet.
            var rate = r is { Posts: { } posts, Hours: { } hours, LastPosts: { } lastPosts, LastHours: { } lastHours, UpdatedMs: { } updated }
                ? new PostingRate(posts, hours, lastPosts, lastHours, DateTimeOffset.FromUnixTimeMilliseconds(updated))
                : null;
            return new SubredditPace(subreddit, watermark, rate, r.PlannedMs is { } planned ? DateTimeOffset.FromUnixTimeMilliseconds(planned) : null);
        }).ToList();
    }

    public async Task SetPostingRateAsync(string subreddit, PostingRate rate, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subreddit);
        ArgumentNullException.ThrowIfNull(rate);
        await using var connection = await store.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(SubmissionSql.SetPostingRate, Bind(subreddit, rate), cancellationToken: ct));
    }

    public async Task MarkPlannedAsync(IReadOnlyCollection<string> subreddits, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(subreddits);
        await using var connection = await store.OpenConnectionAsync(ct);
        await using var transaction = await store.BeginWriteTransactionAsync(connection, ct);
        foreach (var subreddit in subreddits)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                SubmissionSql.MarkPlanned, new { subreddit = SqlStore.Key(subreddit), plannedMs = at.ToUnixTimeMilliseconds() }, transaction, cancellationToken: ct));
        }

        await transaction.CommitAsync(ct);
    }

    public async Task RecordDiscoveryAsync(DiscoveryTally tally, IReadOnlyCollection<string> enqueued, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tally);
        ArgumentNullException.ThrowIfNull(enqueued);
        await using var connection = await store.OpenConnectionAsync(ct);
        await using var transaction = await store.BeginWriteTransactionAsync(connection, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            SubmissionSql.RecordDiscovery,
            new
            {
                run = tally.Run,
                subreddit = tally.Subreddit,
                startedMs = tally.Started.ToUnixTimeMilliseconds(),
                discovered = (long)tally.Discovered,
                enqueued = (long)tally.Enqueued,
                alreadyKnown = (long)tally.AlreadyKnown,
            },
            transaction,
            cancellationToken: ct));

        foreach (var chunk in enqueued.Distinct(StringComparer.Ordinal).Chunk(SubmissionSql.MaxIdsPerStatement))
        {
            var parameters = SubmissionSql.BindIds(chunk);
            parameters.AddDynamicParams(new { run = tally.Run });
            await connection.ExecuteAsync(new CommandDefinition(SubmissionSql.TagClaims(chunk.Length), parameters, transaction, cancellationToken: ct));
        }

        await transaction.CommitAsync(ct);
    }

    public async Task RecordScrapeFailureAsync(string id, string reason, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        await using var connection = await store.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(SubmissionSql.RecordFailure, new { id, reason }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<RunLedger>> GetRunLedgerAsync(DateTimeOffset startedSince, CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(string Run, string Subreddit, long StartedMs, long Discovered, long Enqueued, long AlreadyKnown, long Scraped, long Failed)>(
            new CommandDefinition(SubmissionSql.RunLedger, new { sinceMs = startedSince.ToUnixTimeMilliseconds() }, cancellationToken: ct));
        return rows.Select(r => new RunLedger(
            r.Run, r.Subreddit, DateTimeOffset.FromUnixTimeMilliseconds(r.StartedMs), r.Discovered, r.Enqueued, r.AlreadyKnown, r.Scraped, r.Failed)).ToList();
    }

    private static DynamicParameters Bind(string subreddit, PostingRate rate)
    {
        var parameters = new DynamicParameters();
        parameters.AddDynamicParams(new
        {
            subreddit = SqlStore.Key(subreddit),
            posts = rate.Posts,
            hours = rate.Hours,
            lastPosts = rate.LastPosts,
            lastHours = rate.LastHours,
            updatedMs = rate.Updated.ToUnixTimeMilliseconds(),
        });
        return parameters;
    }
}
