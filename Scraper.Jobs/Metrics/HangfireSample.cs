namespace Scraper.Jobs.Metrics;

/// <summary>Hangfire's own numbers at one moment, read from its monitoring API by the host's sampler.</summary>
public sealed record HangfireSample
{
    public required IReadOnlyDictionary<string, long> EnqueuedByQueue { get; init; }
    public long Scheduled { get; init; }
    public long Processing { get; init; }
    public long Succeeded { get; init; }
    public long Failed { get; init; }
    public long Deleted { get; init; }
    public long Retries { get; init; }
    public long Servers { get; init; }
    public long Workers { get; init; }
    public long Recurring { get; init; }

    /// <summary>The gauges made of a sample: name, value, description. Busy workers are the jobs processing, as
    /// each holds one worker.</summary>
    internal static readonly IReadOnlyList<(string Name, Func<HangfireSample, long> Read, string Description)> Gauges =
    [
        (ScraperMetrics.Names.HangfirePrefix + "scheduled", s => s.Scheduled, "Jobs scheduled for later (retries included)."),
        (ScraperMetrics.Names.HangfirePrefix + "processing", s => s.Processing, "Jobs running now."),
        (ScraperMetrics.Names.HangfirePrefix + "succeeded", s => s.Succeeded, "Jobs succeeded since the storage was created."),
        (ScraperMetrics.Names.HangfirePrefix + "failed", s => s.Failed, "Jobs in the failed state."),
        (ScraperMetrics.Names.HangfirePrefix + "deleted", s => s.Deleted, "Jobs deleted since the storage was created."),
        (ScraperMetrics.Names.HangfirePrefix + "retries", s => s.Retries, "Jobs waiting for an automatic retry."),
        (ScraperMetrics.Names.HangfirePrefix + "servers", s => s.Servers, "Hangfire servers alive."),
        (ScraperMetrics.Names.HangfirePrefix + "workers", s => s.Workers, "Workers of all servers."),
        (ScraperMetrics.Names.HangfirePrefix + "busy_workers", s => s.Processing, "Workers running a job."),
        (ScraperMetrics.Names.HangfirePrefix + "recurring_jobs", s => s.Recurring, "Recurring jobs registered."),
    ];
}
