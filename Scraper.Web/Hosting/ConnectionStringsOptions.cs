using Scraper.Jobs.Storage;

namespace Scraper.Web.Hosting;

/// <summary>The connection strings Scraper uses. Section <c>ConnectionStrings</c>; environment variables
/// <c>ConnectionStrings__Redis</c>, <c>ConnectionStrings__Submissions</c>.</summary>
internal sealed class ConnectionStringsOptions
{
    public const string SectionName = "ConnectionStrings";

    /// <summary>Redis (StackExchange.Redis form, e.g. <c>redis:6379,password=…</c>): Hangfire's storage, the shared
    /// request gate and the data-protection keys. Default none: Hangfire in memory, one process.</summary>
    public string Redis { get; set; } = string.Empty;

    /// <summary>The submission store: PostgreSQL (<c>Host=…</c>) or SQLite (<c>Data Source=…</c>). Default
    /// <see cref="SubmissionStoreConnection.Default"/>, applied by the store when this is empty.</summary>
    public string Submissions { get; set; } = string.Empty;

    public bool HasRedis => !string.IsNullOrWhiteSpace(Redis);
}
