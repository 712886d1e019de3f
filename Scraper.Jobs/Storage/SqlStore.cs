using System.Data.Common;
using Dapper;

namespace Scraper.Jobs.Storage;

/// <summary>One submissions database: its connections and its schema, and the two concerns it holds,
/// <see cref="Submissions"/> and <see cref="Ledger"/>, with a <see cref="Record"/> of both for people to read. The SQL (<see cref="SubmissionSql"/> and its kin) is the same for
/// both databases; a subclass only opens connections and write transactions and locks the schema.</summary>
internal abstract class SqlStore
{
    private protected SqlStore(SubmissionDatabase database)
    {
        Submissions = new SqlSubmissionStore(this, database);
        Ledger = new SqlDiscoveryLedger(this);
        Record = new SqlRecordReader(this);
    }

    public ISubmissionStore Submissions { get; }

    public IDiscoveryLedger Ledger { get; }

    public IRecordReader Record { get; }

    /// <summary>See <see cref="ISubmissionStore.InitializeAsync"/>.</summary>
    public async Task InitializeAsync(CancellationToken ct)
    {
        await PrepareDatabaseAsync(ct);
        await using var connection = await OpenConnectionAsync(ct);
        await using var transaction = await BeginWriteTransactionAsync(connection, ct);
        await LockSchemaAsync(connection, transaction, ct);

        await connection.ExecuteAsync(new CommandDefinition(SubmissionSql.CreateVersionTable, transaction: transaction, cancellationToken: ct));
        var current = await CurrentVersionAsync(connection, transaction, ct);
        var latest = ISubmissionStore.LatestSchemaVersion;
        if (current > latest)
        {
            throw new InvalidOperationException(
                $"The submissions database has schema version {current}; this Scraper knows versions up to "
                + $"{latest}. Run a newer Scraper, or point ConnectionStrings:Submissions elsewhere.");
        }

        for (var version = current + 1; version <= latest; version++)
        {
            await connection.ExecuteAsync(new CommandDefinition(SubmissionSql.Migrations[version - 1], transaction: transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(SubmissionSql.RecordVersion, new { version }, transaction, cancellationToken: ct));
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>See <see cref="ISubmissionStore.SchemaVersionAsync"/>.</summary>
    public async Task<int> SchemaVersionAsync(CancellationToken ct)
    {
        await using var connection = await OpenConnectionAsync(ct);
        return await CurrentVersionAsync(connection, null, ct);
    }

    /// <summary>An open connection, ready for statements.</summary>
    public abstract Task<DbConnection> OpenConnectionAsync(CancellationToken ct);

    /// <summary>A transaction that will write. (SQLite must take its write lock at the start.)</summary>
    public virtual async Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken ct) =>
        await connection.BeginTransactionAsync(ct);

    // Subreddits are keyed and compared lower-case: reddit's names are ASCII and case-insensitive.
    internal static string Key(string subreddit) => subreddit.ToLowerInvariant();

    /// <summary>Once per <see cref="InitializeAsync"/>, before the connection for the migration is opened.</summary>
    private protected virtual Task PrepareDatabaseAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Holds off every other <see cref="InitializeAsync"/> on this database until the transaction ends.</summary>
    private protected abstract Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct);

    private static Task<int> CurrentVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken ct) =>
        connection.ExecuteScalarAsync<int>(new CommandDefinition(SubmissionSql.CurrentVersion, transaction: transaction, cancellationToken: ct));
}
