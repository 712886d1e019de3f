using Hangfire.Common;
using Hangfire.Server;
using Hangfire.States;

namespace Scraper.Jobs.Metrics;

/// <summary>A Hangfire server filter: per job type, how long each job waited in its queue (from its latest
/// enqueueing to its start) and how long it ran, by outcome.</summary>
public sealed class HangfireJobMetrics(ScraperMetrics metrics, TimeProvider time) : IServerFilter
{
    private const string StartedKey = "scraper:metrics:started";

    public void OnPerforming(PerformingContext context)
    {
        context.Items[StartedKey] = time.GetTimestamp();
        var history = context.Storage.GetMonitoringApi().JobDetails(context.BackgroundJob.Id)?.History;
        // The history is newest first; a retried job was enqueued again after its schedule came due.
        if (history?.FirstOrDefault(h => h.StateName == EnqueuedState.StateName) is { } enqueued)
        {
            metrics.JobWaited(Name(context.BackgroundJob.Job), time.GetUtcNow().UtcDateTime - enqueued.CreatedAt);
        }
    }

    public void OnPerformed(PerformedContext context)
    {
        if (context.Items.TryGetValue(StartedKey, out var started) && started is long timestamp)
        {
            metrics.JobPerformed(Name(context.BackgroundJob.Job), context.Exception is null, time.GetElapsedTime(timestamp));
        }
    }

    private static string Name(Job job) => job.Type.Name + "." + job.Method.Name;
}
