using Hangfire;
using Hangfire.Redis.StackExchange;
using Hangfire.Storage;
using Microsoft.Extensions.Options;
using Scraper.Jobs.Discovery;
using Scraper.Jobs.Fetching;
using Scraper.Jobs.Metrics;
using Scraper.Jobs.Scraping;
using Scraper.Jobs.Storage;
using StackExchange.Redis;

namespace Scraper.Web.Hosting;

/// <summary>Wires the Hangfire pipeline: storage (Redis when <c>ConnectionStrings:Redis</c> is set, in-memory
/// otherwise), the submission store, the fetcher, the jobs, the server (roles all and worker) and the recurring
/// schedule (roles all and web), both started by <see cref="PipelineStart"/> once the storage answers.</summary>
internal static class PipelineRegistration
{
    public const string HangfirePrefix = "scraper:hangfire:";

    public static IHostApplicationBuilder AddScraperPipeline(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddSettings<ScraperOptions>(ScraperOptions.SectionName);
        services.AddSettings<ConnectionStringsOptions>(ConnectionStringsOptions.SectionName);
        var role = Settings.Read<ScraperOptions>(configuration, ScraperOptions.SectionName);
        var connections = Settings.Read<ConnectionStringsOptions>(configuration, ConnectionStringsOptions.SectionName);

        services.AddRedditClient();
        services.AddSubmissionStore(connections.Submissions);
        // Registered before PipelineStart, which starts the Hangfire server once the schema exists.
        services.AddSingleton<StoreStart>();
        services.AddHostedService(provider => provider.GetRequiredService<StoreStart>());
        services.AddTransient<DiscoveryJob>();
        services.AddSingleton<SubredditTroubles>();
        services.AddTransient<ScrapeJob>();
        services.AddHostedService<AccessProbe>();

        if (connections.HasRedis)
        {
            services.AddRedisConnection(connections.Redis);
        }

        builder.AddScraperMetrics(role);
        services.AddHangfire((provider, hangfire) =>
        {
            hangfire.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            // Hangfire's filters are process-wide: replace, not add to, the filter of an earlier host.
            foreach (var earlier in GlobalJobFilters.Filters.Where(f => f.Instance is HangfireJobMetrics or AccessPauseFilter).ToList())
            {
                GlobalJobFilters.Filters.Remove(earlier.Instance);
            }

            hangfire.UseFilter(provider.GetRequiredService<HangfireJobMetrics>());
            hangfire.UseFilter(ActivatorUtilities.CreateInstance<AccessPauseFilter>(provider));
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

        // The server (roles all and worker) and the schedule (roles all and web) start once the storage answers.
        services.AddSingleton<ScheduleRegistration>();
        services.AddHostedService<PipelineStart>();
        services.AddOptions<HostOptions>().Configure<IOptions<ScraperOptions>>((host, scraper) => host.ShutdownTimeout = scraper.Value.ShutdownTimeout);

        return builder;
    }
}

/// <summary>One recurring discovery job per configured subreddit (id <c>discover:{sub}</c>), and the jobs of
/// subreddits no longer configured removed; run by <see cref="PipelineStart"/>.</summary>
internal sealed class ScheduleRegistration(
    IRecurringJobManager recurring, JobStorage storage, SubredditTroubles troubles, IOptions<ScraperOptions> options)
{
    private const string IdPrefix = "discover:";

    public void Register()
    {
        var settings = options.Value;
        var wanted = settings.Subreddits.ToDictionary(s => IdPrefix + s.ToLowerInvariant(), s => s);
        foreach (var (id, subreddit) in wanted)
        {
            recurring.AddOrUpdate<DiscoveryJob>(
                id, j => j.DiscoverAsync(subreddit, null, CancellationToken.None), settings.Schedule,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }

        using var connection = storage.GetConnection();
        foreach (var job in connection.GetRecurringJobs().Where(j => j.Id.StartsWith(IdPrefix, StringComparison.Ordinal)))
        {
            if (!wanted.ContainsKey(job.Id))
            {
                recurring.RemoveIfExists(job.Id);
            }
        }

        // A subreddit no longer followed is no longer in trouble either (nor on the dashboard's panel).
        foreach (var subreddit in troubles.All().Keys.Where(s => !wanted.ContainsKey(IdPrefix + s.ToLowerInvariant())))
        {
            troubles.Clear(subreddit);
        }
    }
}
