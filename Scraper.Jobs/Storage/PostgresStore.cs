using System.Data.Common;
using Dapper;
using Npgsql;

namespace Scraper.Jobs.Storage;

/// <summary>The shared database: a PostgreSQL database, for several Scraper hosts (or many workers) at once.</summary>
internal sealed class PostgresStore : SqlStore, IAsyncDisposable, IDisposable
{
    // pg_advisory_xact_lock key for schema migrations: any constant the database's other users do not take.
    private const long SchemaLockKey = 0x5343_5241_5045_5231; // "SCRAPER1"

    private readonly NpgsqlDataSource _dataSource;

    /// <param name="connectionString">An Npgsql connection string, e.g.
    /// <c>Host=db;Database=scraper;Username=scraper;Password=…</c>.</param>
    public PostgresStore(string connectionString)
        : base(SubmissionDatabase.Postgres)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        // Named, so the database's own views (pg_stat_activity, the logs) say whose connections these are.
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.ApplicationName ??= "Scraper";
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    public override async Task<DbConnection> OpenConnectionAsync(CancellationToken ct) =>
        await _dataSource.OpenConnectionAsync(ct);

    // PostgreSQL-only: CREATE TABLE IF NOT EXISTS is not safe against a concurrent twin, and READ COMMITTED lets
    // two processes read version 0 at once. The lock, held to the end of the transaction, makes them take turns.
    private protected override async Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(@key)", new { key = SchemaLockKey }, transaction, cancellationToken: ct));
    }
}
