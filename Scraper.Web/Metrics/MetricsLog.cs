namespace Scraper.Web.Metrics;

/// <summary>The log events of export and sampling, with constant templates and named properties.</summary>
internal static partial class MetricsLog
{
    [LoggerMessage(Level = LogLevel.Warning,
        Message = "InfluxDB at {InfluxUrl} is unreachable ({Error}); metrics wait in a buffer of {BufferPoints} points until it answers")]
    public static partial void InfluxUnreachable(ILogger logger, string influxUrl, string error, int bufferPoints);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "InfluxDB at {InfluxUrl} answers again after {OutageSeconds:F0} s; {DroppedPoints} points were dropped meanwhile")]
    public static partial void InfluxRecovered(ILogger logger, string influxUrl, double outageSeconds, long droppedPoints);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "InfluxDB at {InfluxUrl} refused a batch of {Points} points, which are dropped: {Error}")]
    public static partial void InfluxRejectedPoints(ILogger logger, string influxUrl, int points, string error);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Sampling metrics failed ({Error}); the gauges keep their last values until it works again")]
    public static partial void SamplingFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sampling metrics works again")]
    public static partial void SamplingRecovered(ILogger logger);
}
