namespace Scraper.Web.Metrics.Influx;

/// <summary>The tags on every point this process reports: <c>app</c>, <c>host</c> and <c>role</c>.</summary>
public sealed record MetricTags(string Host, string Role)
{
    public IReadOnlyList<KeyValuePair<string, string>> Global { get; } =
        [new("app", "scraper"), new("host", Host), new("role", Role)];
}
