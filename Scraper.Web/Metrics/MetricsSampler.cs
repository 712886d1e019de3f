using Hangfire;
using Microsoft.Extensions.Options;
using Scraper.Jobs.Discovery;
using Scraper.Jobs.Metrics;
using Scraper.Jobs.Storage;
using StackExchange.Redis;

namespace Scraper.Web.Metrics;

/// <summary>Samples what no job measures, every <see cref="SamplingOptions.Interval"/>, into Scraper's observable
/// gauges (so every reader, InfluxDB and Prometheus alike, sees the same numbers): Hangfire's monitoring numbers,
/// each configured subreddit's freshness lag, the subreddits in trouble, and the ledger of the last day's discovery
/// runs. Run by the processes that own the schedule, so a deployment reports them once, not once per worker.</summary>
public sealed class MetricsSampler(
    JobStorage storage,
    SubredditTroubles troubles,
    ISubmissionStore store,
    IDiscoveryLedger ledger,
    ScraperMetrics metrics,
    IOptions<ScraperOptions> scraper,
    IOptions<SamplingOptions> sampling,
    TimeProvider time,
    ILogger<MetricsSampler> logger,
    IConnectionMultiplexer? redis = null,
    Func<bool>? storeReady = null) : BackgroundService
{
    /// <summary>Runs whose ledger is re-sampled: long enough for a run's last retries to end.</summary>
    public static readonly TimeSpan LedgerWindow = TimeSpan.FromHours(24);

    private bool _failing;

    /// <summary>One sample of everything; public for tests, which sample on their own schedule.</summary>
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        metrics.SetHangfire(ReadHangfire());
        var now = time.GetUtcNow();
        var lags = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var subreddit in scraper.Value.Subreddits)
        {
            if (await store.GetNewestCreatedAsync(subreddit, cancellationToken) is { } newest)
            {
                lags[subreddit] = (now - newest).TotalSeconds;
            }
        }

        metrics.SetFreshness(lags);
        metrics.SetTroubles(troubles.All().Select(p => (p.Key, p.Value.Kind, now - p.Value.Since, p.Value.Checked + scraper.Value.TroubleRecheck - now)));
        metrics.SetLedger(await ledger.GetRunLedgerAsync(now - LedgerWindow, cancellationToken));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(sampling.Value.Interval, time);
        do
        {
            // Redis or the store not there yet: the app has said so once (and readiness says so); sampling waits
            // for them quietly.
            if (redis is { IsConnected: false } || storeReady?.Invoke() == false)
            {
                continue;
            }

            try
            {
                await SampleAsync(stoppingToken);
                if (_failing)
                {
                    _failing = false;
                    MetricsLog.SamplingRecovered(logger);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Redis or the database away: one warning per failing stretch; the next tick tries again.
                if (!_failing)
                {
                    _failing = true;
                    MetricsLog.SamplingFailed(logger, e.Message);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private HangfireSample ReadHangfire()
    {
        var monitoring = storage.GetMonitoringApi();
        var statistics = monitoring.GetStatistics();
        return new HangfireSample
        {
            EnqueuedByQueue = monitoring.Queues().ToDictionary(q => q.Name, q => q.Length),
            Scheduled = statistics.Scheduled,
            Processing = statistics.Processing,
            Succeeded = statistics.Succeeded,
            Failed = statistics.Failed,
            Deleted = statistics.Deleted,
            Retries = statistics.Retries ?? 0,
            Servers = statistics.Servers,
            Workers = monitoring.Servers().Sum(s => (long)s.WorkersCount),
            Recurring = statistics.Recurring,
        };
    }
}
