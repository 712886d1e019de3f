using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Scraper.Jobs.Storage;
using StackExchange.Redis;

namespace Scraper.Web.Hosting;

/// <summary>The connection strings Scraper uses. Section <c>ConnectionStrings</c>; environment variables
/// <c>ConnectionStrings__Redis</c>, <c>ConnectionStrings__Submissions</c>.</summary>
internal sealed class ConnectionStringsOptions : IValidatableObject
{
    public const string SectionName = "ConnectionStrings";

    /// <summary>Redis (StackExchange.Redis form, e.g. <c>redis:6379,password=…</c>): Hangfire's storage, the shared
    /// request gate and the data-protection keys. Default none: Hangfire in memory, one process.</summary>
    public string Redis { get; set; } = string.Empty;

    /// <summary>The submission store: PostgreSQL (<c>Host=…</c>) or SQLite (<c>Data Source=…</c>). Default
    /// <see cref="SubmissionStoreConnection.Default"/>, applied by the store when this is empty.</summary>
    public string Submissions { get; set; } = string.Empty;

    public bool HasRedis => !string.IsNullOrWhiteSpace(Redis);

    // The messages never quote a connection string: it may hold a password.
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (HasRedis && RedisProblem(Redis) is { } redis)
        {
            yield return new ValidationResult(
                "ConnectionStrings:Redis is not a Redis connection string (" + redis + "; expected e.g. redis:6379,password=…).", [nameof(Redis)]);
        }

        if (SubmissionsProblem(Submissions) is { } submissions)
        {
            yield return new ValidationResult(submissions, [nameof(Submissions)]);
        }
    }

    private static string? RedisProblem(string redis)
    {
        try
        {
            ConfigurationOptions.Parse(redis);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message.TrimEnd('.');
        }
    }

    /// <summary>A string that names no database, or a SQLite file in a folder that cannot exist (a path through a
    /// file, such as /dev/null/x.db); a PostgreSQL that does not answer yet is waited for (<see cref="StoreStart"/>).</summary>
    private static string? SubmissionsProblem(string submissions)
    {
        try
        {
            if (SubmissionStoreConnection.Detect(submissions) != SubmissionDatabase.Sqlite)
            {
                return null;
            }
        }
        catch (SubmissionStoreConfigurationException e)
        {
            return e.Message;
        }

        var file = Path.GetFullPath(SqliteFile(submissions));
        for (var folder = Path.GetDirectoryName(file); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (Directory.Exists(folder))
            {
                return null;
            }

            if (File.Exists(folder))
            {
                return SubmissionStoreConnection.ConfigurationKey + ": the SQLite file " + file + " cannot be created: "
                    + folder + " is a file, not a folder (expected Data Source=path/to/scraper.db in a folder Scraper can write).";
            }
        }

        return null;
    }

    private static string SqliteFile(string submissions) =>
        new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(
            string.IsNullOrWhiteSpace(submissions) ? SubmissionStoreConnection.Default : submissions).DataSource;
}

/// <summary>Checks <see cref="ConnectionStringsOptions.Validate"/>; generated.</summary>
[OptionsValidator]
internal sealed partial class ConnectionStringsOptionsValidator : IValidateOptions<ConnectionStringsOptions>;
