using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Scraper.Web.Metrics.Influx;

namespace Scraper.Web.Hosting.Health;

/// <summary>Whether InfluxDB answers <c>GET /ping</c> within <see cref="PingTimeout"/>. Registered with
/// <see cref="HealthStatus.Degraded"/> as its failure: without InfluxDB the scraping goes on, only its metrics
/// wait.</summary>
internal sealed class InfluxHealthCheck(IHttpClientFactory clients, IOptions<InfluxOptions> options) : IHealthCheck
{
    public const string ClientName = "influx-ping";

    public static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!Uri.TryCreate(options.Value.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Influx:Url is not an http(s) URL");
        }

        // /ping needs no credentials: never send those the URL may hold, nor its query.
        var ping = new UriBuilder(url) { UserName = string.Empty, Password = string.Empty, Query = string.Empty, Fragment = string.Empty };
        ping.Path = ping.Path.TrimEnd('/') + "/ping";
        try
        {
            using var response = await clients.CreateClient(ClientName).GetAsync(ping.Uri, cancellationToken);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy("InfluxDB answers /ping")
                : new HealthCheckResult(context.Registration.FailureStatus, "InfluxDB answers /ping with " + (int)response.StatusCode);
        }
        catch (HttpRequestException e)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "InfluxDB is not reachable (" + e.HttpRequestError + ")");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "InfluxDB did not answer /ping within " + PingTimeout.TotalSeconds + " s");
        }
    }
}
