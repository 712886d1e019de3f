using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scraper.Jobs.Discovery;
using Scraper.Jobs.Storage;
using Scraper.Web.Hosting;

namespace Scraper.Tests.Support;

/// <summary>The pipeline exactly as the app wires it (Hangfire server, jobs, store, fetcher), in this process,
/// pointed at a simulator; the schedule is left far away so the test triggers runs itself.</summary>
/// <remarks>Hangfire keeps its configuration in statics: tests that build one share the "Pipeline" collection
/// and so never run at the same time.</remarks>
internal sealed class PipelineHost : IAsyncDisposable
{
    private static readonly TimeSpan DrainDeadline = TimeSpan.FromMinutes(2);

    private readonly IHost _host;

    private PipelineHost(IHost host, string databasePath)
    {
        _host = host;
        DatabasePath = databasePath;
    }

    public string DatabasePath { get; }

    public ISubmissionStore Store => _host.Services.GetRequiredService<ISubmissionStore>();

    public static async Task<PipelineHost> StartAsync(Uri redditBaseUrl, IEnumerable<string> subreddits, Dictionary<string, string?>? settings = null)
    {
        var databasePath = Path.Combine(Path.GetTempPath(), "scraper-pipeline-" + Guid.NewGuid().ToString("N") + ".db");
        var configuration = new Dictionary<string, string?>
        {
            ["Reddit:BaseUrl"] = redditBaseUrl.ToString(),
            ["Reddit:UserAgent"] = FetcherHost.UserAgent,
            ["Reddit:RequestsPerMinute"] = "1000000",
            ["Reddit:RetryBaseDelay"] = "00:00:00.050",
            ["Scraper:Subreddits"] = string.Join(',', subreddits),
            ["Scraper:Schedule"] = "0 0 1 1 *",
            ["Scraper:Backfill"] = "30.00:00:00",
            ["Scraper:Workers"] = "8",
            ["ConnectionStrings:Submissions"] = "Data Source=" + databasePath,
        };
        foreach (var (key, value) in settings ?? [])
        {
            configuration[key] = value;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddScraperPipeline();
        var host = builder.Build();
        await host.StartAsync();
        return new PipelineHost(host, databasePath);
    }

    /// <summary>Runs discovery of each subreddit once (as the schedule would) and waits until every job it led
    /// to has finished.</summary>
    public async Task DiscoverAndDrainAsync(IEnumerable<string> subreddits)
    {
        var jobs = _host.Services.GetRequiredService<IBackgroundJobClient>();
        foreach (var subreddit in subreddits)
        {
            jobs.Enqueue<DiscoveryJob>(j => j.DiscoverAsync(subreddit, null, CancellationToken.None));
        }

        await DrainAsync();
    }

    public async Task DrainAsync()
    {
        var monitoring = _host.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var deadline = DateTime.UtcNow + DrainDeadline;
        while (true)
        {
            var busy = monitoring.EnqueuedCount(DiscoveryJob.Queue) + monitoring.EnqueuedCount("scrape")
                + monitoring.ProcessingCount() + monitoring.ScheduledCount();
            if (busy == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                var scheduled = monitoring.ScheduledJobs(0, 3).Select(j => j.Key + " " + j.Value.Job?.Method.Name);
                var details = monitoring.ScheduledJobs(0, 1).Select(j => monitoring.JobDetails(j.Key))
                    .SelectMany(d => d.History.Select(h => h.StateName + ": " + h.Reason + " " + string.Join(",", h.Data.Select(kv => kv.Key + "=" + kv.Value))));
                throw new TimeoutException("The pipeline still had " + busy + " jobs after " + DrainDeadline + ": "
                    + string.Join("; ", scheduled) + " | " + string.Join(" | ", details));
            }

            await Task.Delay(50);
        }
    }

    public long Failed => _host.Services.GetRequiredService<JobStorage>().GetMonitoringApi().FailedCount();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        foreach (var file in new[] { DatabasePath, DatabasePath + "-wal", DatabasePath + "-shm" })
        {
            File.Delete(file);
        }
    }
}
