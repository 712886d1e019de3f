using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scraper.Jobs.Diagnostics;
using Scraper.Jobs.Discovery;
using Scraper.Jobs.Metrics.Influx;
using Scraper.Jobs.Storage;
using StackExchange.Redis;

namespace Scraper.Jobs.Metrics;

/// <summary>Samples what no job measures, every flush interval: Hangfire's monitoring numbers, each configured
/// subreddit's freshness lag, the subreddits in trouble, and (with InfluxDB) the ledger of the last day's discovery runs. Run by the
/// processes that own the schedule, so a deployment reports them once, not once per worker.</summary>
public sealed class MetricsSampler(
    JobStorage storage,
    SubredditTroubles troubles,
    ISubmissionStore store,
    IDiscoveryLedger ledger,
    ScraperMetrics metrics,
    IOptions<ScraperOptions> scraper,
    IOptions<InfluxOptions> influx,
    TimeProvider time,
    ILogger<MetricsSampler> logger,
    InfluxWriter? writer = null,
    IConnectionMultiplexer? redis = null) : BackgroundService
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
        if (writer is not null)
        {
            var runs = await ledger.GetRunLedgerAsync(now - LedgerWindow, cancellationToken);
            writer.Write(runs.Select(LedgerPoint));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(influx.Value.FlushInterval, time);
        do
        {
            // Redis away: the app has said so once (and readiness says so); sampling waits for it quietly.
            if (redis is { IsConnected: false })
            {
                continue;
            }

            try
            {
                await SampleAsync(stoppingToken);
                if (_failing)
                {
                    _failing = false;
                    Log.SamplingRecovered(logger);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Redis or the database away: one warning per failing stretch; the next tick tries again.
                if (!_failing)
                {
                    _failing = true;
                    Log.SamplingFailed(logger, e.Message);
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

    // Timestamped at the run's start and tagged by subreddit only (no host), so each sample, from whichever
    // process, overwrites the run's point instead of adding one.
    private static LinePoint LedgerPoint(RunLedger run) => new(
        "discovery_run",
        [new("app", "scraper"), new(ScraperMetrics.Tags.Subreddit, run.Subreddit.ToLowerInvariant())],
        [
            new("run", run.Run), new("discovered", run.Discovered), new("enqueued", run.Enqueued),
            new("already_known", run.AlreadyKnown), new("scraped", run.Scraped), new("failed", run.Failed),
            new("pending", run.Pending),
        ],
        run.Started.ToUnixTimeMilliseconds());
}
