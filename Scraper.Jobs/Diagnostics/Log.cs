using Microsoft.Extensions.Logging;

namespace Scraper.Jobs.Diagnostics;

/// <summary>Every log event of the jobs, with constant templates and named properties.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information,
        Message = "Discovery of r/{Subreddit} skipped: another run of it holds the lock")]
    public static partial void DiscoverySkipped(ILogger logger, string subreddit);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Discovery of r/{Subreddit} enqueued {Enqueued} new submissions (complete: {Complete})")]
    public static partial void DiscoveryRan(ILogger logger, string subreddit, int enqueued, bool complete);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Discovery of r/{Subreddit} found nothing after {After}; the watermark stays and the next run starts from the top")]
    public static partial void DiscoveryLostCursor(ILogger logger, string subreddit, string after);
}
