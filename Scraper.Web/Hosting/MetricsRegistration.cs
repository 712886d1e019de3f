using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Scraper.Jobs.Discovery;
using Scraper.Jobs.Metrics;
using Scraper.Web.Metrics;
using Scraper.Web.Metrics.Influx;

namespace Scraper.Web.Hosting;

/// <summary>Wires metrics: Scraper's instruments plus the .NET runtime's and HttpClient's, aggregated by the
/// OpenTelemetry SDK and read by two readers — the InfluxDB reporter (when <c>Influx:Url</c> is set; delta
/// aggregates every <c>Influx:FlushInterval</c>) and the Prometheus endpoint <c>/metrics</c> (cumulative, on
/// scrape). The processes that own the schedule also sample Hangfire, freshness, the troubles and the run ledger
/// into gauges both readers see.</summary>
internal static class MetricsRegistration
{
    /// <summary>The built-in meters of .NET reported alongside Scraper's.</summary>
    private static readonly string[] PlatformMeters = ["System.Runtime", "System.Net.Http"];

    public static IHostApplicationBuilder AddScraperMetrics(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var role = Settings.Read<ScraperOptions>(builder.Configuration, ScraperOptions.SectionName);
        services.AddSettings<InfluxOptions>(InfluxOptions.SectionName);
        services.AddSettings<SamplingOptions>(SamplingOptions.SectionName);
        var influx = Settings.Read<InfluxOptions>(builder.Configuration, InfluxOptions.SectionName);

        services.AddScraperInstruments();
        services.AddSingleton(new MetricTags(Environment.MachineName, role.Role));
        if (influx.Enabled)
        {
            // Its own long-lived client: the writer lives as long as the process, and DNS may move InfluxDB.
            services.AddSingleton(provider => ActivatorUtilities.CreateInstance<InfluxWriter>(
                provider, new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })));
            services.AddHostedService(provider => provider.GetRequiredService<InfluxWriter>());
        }

        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter([ScraperMetrics.MeterName, InfluxWriter.MeterName, .. PlatformMeters]);
            metrics.AddPrometheusExporter();
            if (influx.Enabled)
            {
                metrics.AddReader(provider =>
                {
                    var options = provider.GetRequiredService<IOptions<InfluxOptions>>().Value;
                    var exporter = new InfluxExporter(
                        new InfluxPointConverter(provider.GetRequiredService<MetricTags>().Global), provider.GetRequiredService<InfluxWriter>());
                    return new PeriodicExportingMetricReader(exporter, (int)options.FlushInterval.TotalMilliseconds)
                    {
                        TemporalityPreference = MetricReaderTemporalityPreference.Delta,
                    };
                });
            }
        });

        if (role.RegistersSchedule)
        {
            services.AddHostedService(provider => ActivatorUtilities.CreateInstance<MetricsSampler>(
                provider, () => provider.GetRequiredService<StoreStart>().Initialized.IsCompletedSuccessfully));
        }

        return builder;
    }

    /// <summary>Serves <c>/metrics</c> in Prometheus's text format.</summary>
    public static IEndpointRouteBuilder MapScraperMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint();
        return app;
    }
}
