using System.Data.Common;
using Npgsql;

namespace Scraper.Jobs.Storage;

/// <summary>The databases a submission store can use.</summary>
public enum SubmissionDatabase
{
    /// <summary>A SQLite file: the embedded default, for one host.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database, shared by several hosts.</summary>
    Postgres,
}

/// <summary>Picks and opens the store from the one setting <c>ConnectionStrings:Submissions</c>: a PostgreSQL
/// connection string (<c>Host=…</c>) selects PostgreSQL, a SQLite one (<c>Data Source=…</c>) SQLite, and none at
/// all <see cref="Default"/>.</summary>
public static class SubmissionStoreConnection
{
    /// <summary>The connection string's name under <c>ConnectionStrings</c>.</summary>
    public const string Name = "Submissions";

    /// <summary>The setting's key, as error messages name it.</summary>
    public const string ConfigurationKey = "ConnectionStrings:" + Name;

    /// <summary>Used when the setting is absent or empty: <c>scraper.db</c> in the working directory.</summary>
    public const string Default = "Data Source=scraper.db";

    /// <summary>Which database <paramref name="connectionString"/> names; empty means <see cref="Default"/>.</summary>
    /// <exception cref="SubmissionStoreConfigurationException">It names neither, or is malformed.</exception>
    public static SubmissionDatabase Detect(string? connectionString)
    {
        var text = string.IsNullOrWhiteSpace(connectionString) ? Default : connectionString;
        var keys = Keys(text);
        if (keys.Contains("Host"))
        {
            Validate(() => new NpgsqlConnectionStringBuilder(text), "PostgreSQL");
            return SubmissionDatabase.Postgres;
        }

        if (keys.Contains("Data Source") || keys.Contains("DataSource") || keys.Contains("Filename"))
        {
            Validate(() => SqliteStore.Parse(text), "SQLite");
            return SubmissionDatabase.Sqlite;
        }

        throw new SubmissionStoreConfigurationException(
            ConfigurationKey + " is neither a PostgreSQL connection string (Host=…;Database=…;Username=…) nor a SQLite one "
            + "(Data Source=path/scraper.db). Its keys: " + (keys.Count == 0 ? "none" : string.Join(", ", keys.Order(StringComparer.OrdinalIgnoreCase))) + ".");
    }

    /// <summary>The database <paramref name="connectionString"/> names (empty: <see cref="Default"/>), with its
    /// submissions and ledger; the caller owns it (and disposes it) and calls
    /// <see cref="ISubmissionStore.InitializeAsync"/> before use.</summary>
    /// <exception cref="SubmissionStoreConfigurationException">The string names no usable database.</exception>
    internal static SqlStore Create(string? connectionString)
    {
        var text = string.IsNullOrWhiteSpace(connectionString) ? Default : connectionString;
        try
        {
            return Detect(text) == SubmissionDatabase.Postgres
                ? new PostgresStore(text)
                : new SqliteStore(text);
        }
        catch (ArgumentException e)
        {
            throw new SubmissionStoreConfigurationException(ConfigurationKey + ": " + e.Message, e);
        }
    }

    // Key names only: the values may hold a password and never go into a message.
    private static HashSet<string> Keys(string text)
    {
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = text };
            return new HashSet<string>(builder.Keys.Cast<string>(), StringComparer.OrdinalIgnoreCase);
        }
        catch (ArgumentException e)
        {
            throw new SubmissionStoreConfigurationException(
                ConfigurationKey + " is not a connection string (key=value;key=value): " + e.Message, e);
        }
    }

    private static void Validate(Func<DbConnectionStringBuilder> parse, string database)
    {
        try
        {
            parse();
        }
        catch (ArgumentException e)
        {
            throw new SubmissionStoreConfigurationException(
                ConfigurationKey + " is not a usable " + database + " connection string: " + e.Message, e);
        }
    }
}

/// <summary><c>ConnectionStrings:Submissions</c> names no database the store can use.</summary>
public sealed class SubmissionStoreConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
