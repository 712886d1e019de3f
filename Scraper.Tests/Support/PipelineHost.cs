using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using System.Linq.Expressions;
using Scraper.Jobs.Discovery;
using Scraper.Jobs.Scraping;
using Scraper.Jobs.Storage;

namespace Scraper.Tests.Support;

/// <summary>The pipeline exactly as the app wires it (Hangfire server, jobs, store, fetcher), in this process,
/// pointed at a simulator; the schedule is left far away so the test triggers runs itself.</summary>
/// <remarks>Hangfire keeps its configuration in statics: tests that build one share the "Pipeline" collection
/// and so never run at the same time.</remarks>
internal sealed class PipelineHost : IAsyncDisposable
{
    private static readonly TimeSpan DrainDeadline = TimeSpan.FromMinutes(2);

    private readonly IHost _host;
    private readonly TempFolder _folder;

    private PipelineHost(IHost host, TempFolder folder)
    {
        _host = host;
        _folder = folder;
    }

    public ISubmissionStore Store => _host.Services.GetRequiredService<ISubmissionStore>();

    public IDiscoveryLedger Ledger => _host.Services.GetRequiredService<IDiscoveryLedger>();

    /// <summary>What the pipeline logged: warnings and up, and the metrics' information events.</summary>
    public FakeLogCollector Logs => _host.Services.GetFakeLogCollector();

    public T Get<T>()
        where T : notnull => _host.Services.GetRequiredService<T>();

    public static async Task<PipelineHost> StartAsync(Uri redditBaseUrl, IEnumerable<string> subreddits, Dictionary<string, string?>? settings = null)
    {
        var folder = TempFolder.Create("pipeline");
        var configuration = PipelineSettings.For(
            redditBaseUrl, FetcherHost.UserAgent, subreddits, backfill: TimeSpan.FromDays(30), workers: 8, folder);
        configuration["Reddit:RetryBaseDelay"] = "00:00:00.050";
        foreach (var (key, value) in settings ?? [])
        {
            configuration[key] = value;
        }

        IHost? host = null;
        try
        {
            host = PipelineSettings.Build(configuration, logging => logging.SetMinimumLevel(LogLevel.Warning)
                .AddFilter("Scraper.Web.Metrics", LogLevel.Information)
                .AddFilter("Scraper.Jobs.Discovery", LogLevel.Information).AddFakeLogging());
            await host.StartAsync();
            return new PipelineHost(host, folder);
        }
        catch
        {
            host?.Dispose();
            Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
            folder.Dispose();
            throw;
        }
    }

    /// <summary>Runs discovery of each subreddit once (as the schedule would) and waits until every job it led
    /// to has finished.</summary>
    public Task DiscoverAndDrainAsync(IEnumerable<string> subreddits) =>
        RunAndDrainAsync(subreddits.Select(subreddit => (Expression<Func<DiscoveryJob, Task>>)(j => j.DiscoverAsync(subreddit, null, CancellationToken.None))));

    /// <summary>Runs one scrape job and waits for it.</summary>
    public Task ScrapeAndDrainAsync(string subreddit, string id) =>
        RunAndDrainAsync<ScrapeJob>([j => j.ScrapeAsync(subreddit, id, null, CancellationToken.None)]);

    public async Task RunAndDrainAsync<TJob>(IEnumerable<Expression<Func<TJob, Task>>> calls)
    {
        var client = _host.Services.GetRequiredService<IBackgroundJobClient>();
        var started = calls.Select(call => client.Enqueue(call)).ToList();
        var monitoring = _host.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var quietPolls = 0;
        var busy = 0L;
        // Done when the jobs started here have ended (so all they enqueued is enqueued) and nothing is queued,
        // scheduled or running for several polls in a row: a job is briefly in none of those states while a
        // worker picks it up.
        await Poll.UntilAsync(
            () =>
            {
                busy = monitoring.EnqueuedCount(DiscoveryJob.Queue) + monitoring.EnqueuedCount(ScrapeJob.Queue) + monitoring.EnqueuedCount(RevisitJob.Queue)
                    + monitoring.ProcessingCount() + monitoring.ScheduledCount()
                    + started.Count(id => monitoring.JobDetails(id)?.History.FirstOrDefault()?.StateName is not ("Succeeded" or "Failed" or "Deleted"));
                quietPolls = busy == 0 ? quietPolls + 1 : 0;
                return quietPolls >= 5;
            },
            DrainDeadline,
            () => "The pipeline still had " + busy + " jobs after " + DrainDeadline,
            TimeSpan.FromMilliseconds(20));
    }

    public long Failed => _host.Services.GetRequiredService<JobStorage>().GetMonitoringApi().FailedCount();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        // Hangfire logs through a static provider that would outlive this host's (now disposed) logger factory.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        _folder.Dispose();
    }
}
