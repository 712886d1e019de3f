using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Scraper.Jobs.Storage;

namespace Scraper.Web.Hosting.Health;

/// <summary>Ready when the submission store answers and holds the schema this version writes.</summary>
internal sealed class StoreHealthCheck(ISubmissionStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var database = store.Database == SubmissionDatabase.Postgres ? "PostgreSQL" : "SQLite";
        int version;
        try
        {
            version = await store.SchemaVersionAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy(database + " does not answer (" + e.GetType().Name + ")");
        }

        return version == ISubmissionStore.LatestSchemaVersion
            ? HealthCheckResult.Healthy(database + " answers, schema version " + version)
            : HealthCheckResult.Unhealthy(database + " answers with schema version " + version + ", not "
                + ISubmissionStore.LatestSchemaVersion + " (still starting, or another Scraper version migrated it)");
    }
}
