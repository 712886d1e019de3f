using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Scraper.Jobs.Metrics;

public static class MetricsServiceCollectionExtensions
{
    /// <summary>Registers Scraper's instruments (<see cref="ScraperMetrics"/>) on the container's meter factory;
    /// what reads them is the host's business.</summary>
    public static IServiceCollection AddScraperInstruments(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<ScraperMetrics>();
        return services;
    }
}
