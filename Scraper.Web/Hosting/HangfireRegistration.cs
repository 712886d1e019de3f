using Hangfire;
using Hangfire.Common;
using Hangfire.Redis.StackExchange;
using Microsoft.Extensions.Options;
using Scraper.Jobs.Discovery;
using Scraper.Jobs.Metrics;
using Scraper.Jobs.Scraping;
using StackExchange.Redis;

namespace Scraper.Web.Hosting;

/// <summary>Hangfire: its storage (Redis when <c>ConnectionStrings:Redis</c> is set, in-memory otherwise), Scraper's
/// job filters, the server (roles all and worker) and the recurring schedule (roles all and web), both started by
/// <see cref="PipelineStart"/> once the storage answers.</summary>
internal static class HangfireRegistration
{
    public const string HangfirePrefix = "scraper:hangfire:";

    public static IHostApplicationBuilder AddScraperHangfire(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var role = Settings.Read<ScraperOptions>(builder.Configuration, ScraperOptions.SectionName);
        services.AddHangfire((provider, hangfire) =>
        {
            hangfire.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (provider.GetService<IConnectionMultiplexer>() is { } connection)
            {
                hangfire.UseRedisStorage(connection, new RedisStorageOptions
                {
                    Prefix = HangfirePrefix,
                    InvisibilityTimeout = role.InvisibilityTimeout,
                    SucceededListSize = 1000,
                    DeletedListSize = 1000,
                });
            }
            else
            {
                hangfire.UseInMemoryStorage();
            }
        });

        // This host's filters beside Hangfire's global ones, not added to them: GlobalJobFilters is process-wide,
        // and would carry one host's filters into the next (tests build several).
        services.AddSingleton<HangfireJobMetrics>();
        services.AddSingleton<IJobFilterProvider>(provider => new JobFilterProviderCollection(
            JobFilterProviders.Providers,
            new JobFilterCollection
            {
                provider.GetRequiredService<HangfireJobMetrics>(),
                ActivatorUtilities.CreateInstance<AccessPauseFilter>(provider),
            }));

        // The server (roles all and worker) and the schedule (roles all and web) start once the storage answers.
        services.AddSingleton<ScheduleRegistration>();
        services.AddHostedService<PipelineStart>();
        services.AddOptions<HostOptions>().Configure<IOptions<ScraperOptions>>((host, scraper) => host.ShutdownTimeout = scraper.Value.ShutdownTimeout);
        return builder;
    }
}
