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

    // Once when the trouble begins (or changes), once when it ends: never per run, never with a stack trace.
    [LoggerMessage(Level = LogLevel.Warning,
        Message = "r/{Subreddit} cannot be read: {Outcome} ({Reason}); its discovery asks again every {Recheck} until it can")]
    public static partial void SubredditTroubleBegan(ILogger logger, string subreddit, string outcome, string reason, TimeSpan recheck);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "r/{Subreddit} can be read again after {Duration} of {Outcome}; its discovery runs on the schedule")]
    public static partial void SubredditTroubleEnded(ILogger logger, string subreddit, TimeSpan duration, string outcome);

    [LoggerMessage(Level = LogLevel.Debug,
        Message = "Discovery of r/{Subreddit} skipped: {Outcome} since {Since}, asked again at {Next}")]
    public static partial void DiscoveryBackingOff(ILogger logger, string subreddit, string outcome, DateTimeOffset since, DateTimeOffset next);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Discovery of r/{Subreddit} found nothing after {After}; the watermark stays and the next run starts from the top")]
    public static partial void DiscoveryLostCursor(ILogger logger, string subreddit, string after);

    // Once per read that suspects it; the deeper read follows.
    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Discovery of r/{Subreddit} may have missed posts: {Where} before it met a known post or its floor; a deeper read follows")]
    public static partial void DiscoveryGapSuspected(ILogger logger, string subreddit, string where);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The request budget of {Budget}/min is short: scraping the expected new posts takes {Scrape:F1}/min and reading the subreddits {Discovery:F1}/min at the least; reads are stretched towards the listings' reach and lag grows")]
    public static partial void PlanOverloaded(ILogger logger, double budget, double scrape, double discovery);

    [LoggerMessage(Level = LogLevel.Information, Message = "The request budget of {Budget}/min covers the subreddits again")]
    public static partial void PlanFits(ILogger logger, double budget);
}
