namespace Scraper.Web.Hosting.Logging;

/// <summary>The hosting's own log events, with constant templates and named properties.</summary>
internal static partial class HostingLog
{
    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Redis at {Address} is not reachable: the job server and the schedule start once it is; until then /health/ready reports not ready")]
    public static partial void RedisUnreachable(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis at {Address} is reachable: starting the job server and the schedule")]
    public static partial void RedisReachable(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The job server or the schedule could not start; the app stops")]
    public static partial void PipelineStartFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Data-protection keys (the dashboard's antiforgery tokens) are kept in {Where}, unencrypted at rest; DataProtection:Certificate encrypts them")]
    public static partial void KeyRingUnencrypted(ILogger logger, string where);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Data-protection keys (the dashboard's antiforgery tokens) are kept in {Where}, encrypted with the DataProtection:Certificate certificate")]
    public static partial void KeyRingEncrypted(ILogger logger, string where);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "{Key}: the submission store at {Address} is not reachable ({Reason}): the job server and the schedule start once it is; until then /health/ready reports not ready")]
    public static partial void StoreUnreachable(ILogger logger, string key, string address, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Key}: the submission store at {Address} is reachable, its schema in place: starting the job server and the schedule")]
    public static partial void StoreReachable(ILogger logger, string key, string address);

    [LoggerMessage(Level = LogLevel.Critical,
        Message = "{Key}: the submission store at {Address} cannot be used ({Reason}); the app stops")]
    public static partial void StoreUnusable(ILogger logger, string key, string address, string reason);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The dashboard's Record page could not read the submission store ({Error}: {Reason}); it says so on the page")]
    public static partial void RecordUnreadable(ILogger logger, string error, string reason);
}
