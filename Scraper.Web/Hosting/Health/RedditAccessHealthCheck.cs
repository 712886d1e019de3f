using Microsoft.Extensions.Diagnostics.HealthChecks;
using Scraper.Jobs.Fetching;
using Scraper.Jobs.OldReddit;

namespace Scraper.Web.Hosting.Health;

/// <summary>Not ready while scraping is paused on lost access (a login wall, an expired session, a network block):
/// the description says why and which setting mends it, never the session itself.</summary>
internal sealed class RedditAccessHealthCheck(RedditAccess access) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (await access.CurrentAsync() is { } loss)
        {
            return HealthCheckResult.Unhealthy(
                "scraping paused since " + loss.Since.ToString("u", System.Globalization.CultureInfo.InvariantCulture) + ": "
                + PageKindNames.Of(loss.Kind) + "; " + access.Remedy(loss.Kind));
        }

        return HealthCheckResult.Healthy(access.SessionConfigured ? "reddit serves the session" : "no session configured; reddit serves anonymous requests");
    }
}
