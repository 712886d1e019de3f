using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Scraper.Web.Hosting.Health;

/// <summary>The health endpoints' answer: <c>{"status": "Healthy", "checks": {"store": {"status": "Healthy",
/// "description": "…", "duration_ms": 1.2}}}</c>. Exceptions stay out of it: their messages can hold addresses
/// and connection details.</summary>
internal static class HealthResponse
{
    public static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new
                {
                    status = entry.Value.Status.ToString(),
                    description = entry.Value.Description,
                    duration_ms = Math.Round(entry.Value.Duration.TotalMilliseconds, 1),
                }),
        };
        return JsonSerializer.SerializeAsync(http.Response.Body, body, cancellationToken: http.RequestAborted);
    }
}
