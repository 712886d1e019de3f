using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Scraper.Web.Metrics.Influx;

namespace Scraper.Web.Hosting.Health;

/// <summary>ASP.NET Core's health checks: <c>/health/live</c> answers while the process serves requests (no
/// checks); <c>/health/ready</c> checks the submission store, Redis when <c>ConnectionStrings:Redis</c> is set and
/// InfluxDB when <c>Influx:Url</c> is. 200 when healthy or degraded (InfluxDB down only degrades: the scraping goes
/// on without its metrics), 503 when not ready. Both answer JSON with each check's state and a short description,
/// never an address or a connection string; they need no credentials.</summary>
internal static class HealthRegistration
{
    public const string LivePath = "/health/live";

    public const string ReadyPath = "/health/ready";

    private const string ReadyTag = "ready";

    // A check that has not answered by then is not ready.
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static WebApplicationBuilder AddScraperHealthChecks(this WebApplicationBuilder builder)
    {
        var checks = builder.Services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", HealthStatus.Unhealthy, [ReadyTag], CheckTimeout)
            .AddCheck<RedditAccessHealthCheck>("reddit", HealthStatus.Unhealthy, [ReadyTag], CheckTimeout);
        if (Settings.Read<ConnectionStringsOptions>(builder.Configuration, ConnectionStringsOptions.SectionName).HasRedis)
        {
            checks.AddCheck<RedisHealthCheck>("redis", HealthStatus.Unhealthy, [ReadyTag], CheckTimeout);
        }

        if (Settings.Read<InfluxOptions>(builder.Configuration, InfluxOptions.SectionName).Enabled)
        {
            builder.Services.AddHttpClient(InfluxHealthCheck.ClientName, http => http.Timeout = InfluxHealthCheck.PingTimeout);
            checks.AddCheck<InfluxHealthCheck>("influxdb", HealthStatus.Degraded, [ReadyTag], CheckTimeout);
        }

        return builder;
    }

    public static WebApplication MapScraperHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponse.WriteAsync });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = HealthResponse.WriteAsync,
        });
        return app;
    }
}
