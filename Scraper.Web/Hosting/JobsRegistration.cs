using Scraper.Jobs.Discovery;
using Scraper.Jobs.Fetching;
using Microsoft.Extensions.Options;
using Scraper.Jobs.Scraping;
using Scraper.Jobs.Storage;

namespace Scraper.Web.Hosting;

/// <summary>The jobs and what they share: the client of reddit (its gate, its resilience), discovery, scraping,
/// the record's policy and revisits, the subreddits in trouble, and the probe that watches reddit access while it is lost. Section <c>Scraper</c>.</summary>
internal static class JobsRegistration
{
    public static IHostApplicationBuilder AddScraperJobs(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettings<ScraperOptions>(ScraperOptions.SectionName);
        services.AddRedditClient();
        services.AddTransient<DiscoveryPlanJob>();
        services.AddTransient<DiscoveryJob>();
        services.AddTransient<ScrapeJob>();
        services.AddTransient<RevisitJob>();
        services.AddTransient<ThreadJob>();
        services.AddSingleton(provider =>
        {
            var scraper = provider.GetRequiredService<IOptions<ScraperOptions>>().Value;
            return new RecordPolicy(scraper.KeepDeletedContent, scraper.RevisitAges, scraper.ContinueThreads);
        });
        services.AddSingleton<SubredditTroubles>();
        services.AddHostedService<AccessProbe>();
        return builder;
    }
}
