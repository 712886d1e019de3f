using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Scraper.Jobs.Storage;

/// <summary>The embedded database: one SQLite file, in WAL mode so readers never wait for the writer, with a busy
/// timeout so the threads and processes that share the file take turns to write instead of failing.</summary>
internal sealed class SqliteStore : SqlStore, IDisposable
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;

    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string naming a file, e.g.
    /// <c>Data Source=scraper.db</c>; a relative path is taken from the current directory, now.</param>
    public SqliteStore(string connectionString)
        : base(SubmissionDatabase.Sqlite)
    {
        var builder = Parse(connectionString);
        builder.DataSource = Path.GetFullPath(builder.DataSource);
        DatabasePath = builder.DataSource;
        _connectionString = builder.ToString();
        _busyTimeoutMs = checked(builder.DefaultTimeout * 1000);
    }

    /// <summary>The database file's full path.</summary>
    public string DatabasePath { get; }

    /// <summary>Parses and checks a connection string.</summary>
    /// <exception cref="ArgumentException">It is malformed or names no file this store can write.</exception>
    internal static SqliteConnectionStringBuilder Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrWhiteSpace(builder.DataSource)
            || builder.DataSource == ":memory:"
            || builder.Mode == SqliteOpenMode.Memory)
        {
            // Every connection would get a database of its own.
            throw new ArgumentException(
                "The SQLite submission store needs a file (Data Source=path), not an in-memory database.",
                nameof(connectionString));
        }

        if (builder.Mode == SqliteOpenMode.ReadOnly)
        {
            throw new ArgumentException("The SQLite submission store writes: Mode=ReadOnly cannot work.", nameof(connectionString));
        }

        return builder;
    }

    /// <summary>Closes the pooled connections to the file.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private protected override async Task PrepareDatabaseAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await using var connection = await OpenConnectionAsync(ct);
        // WAL is a property of the file: set once, it holds for every later connection. It cannot be switched
        // inside a transaction, hence here rather than in the migration.
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL", cancellationToken: ct));
    }

    public override async Task<DbConnection> OpenConnectionAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            // SQLite's own busy handler: a writer that finds the file locked waits (up to the connection
            // string's Default Timeout, 30 s unless set) instead of failing with "database is locked".
            await connection.ExecuteAsync(new CommandDefinition(
                "PRAGMA busy_timeout = " + _busyTimeoutMs.ToString(CultureInfo.InvariantCulture), cancellationToken: ct));
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // BEGIN IMMEDIATE: the write lock is taken (or waited for) at the start. A deferred transaction that reads
    // first and writes later can fail with SQLITE_BUSY that no waiting cures, when another writer went between.
    public override Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken ct) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    // The write transaction already excludes every other writer, InitializeAsync included.
    private protected override Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        Task.CompletedTask;
}
