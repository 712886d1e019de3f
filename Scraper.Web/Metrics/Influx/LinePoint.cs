namespace Scraper.Web.Metrics.Influx;

/// <summary>One InfluxDB point: a measurement, its tags, its fields (double, long, bool or string values) and a
/// timestamp in Unix milliseconds.</summary>
public sealed record LinePoint(
    string Measurement,
    IReadOnlyList<KeyValuePair<string, string>> Tags,
    IReadOnlyList<KeyValuePair<string, object>> Fields,
    long TimestampMs);
