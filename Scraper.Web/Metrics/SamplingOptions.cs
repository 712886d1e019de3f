using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Scraper.Web.Metrics;

/// <summary>How often the processes that own the schedule sample Hangfire, the store and the troubles for the
/// gauges. Section <c>Sampling</c>; environment variable <c>Sampling__Interval</c>.</summary>
public sealed class SamplingOptions
{
    public const string SectionName = "Sampling";

    /// <summary>Default 10 s (1 s..10 min): as often as InfluxDB's default flush, within Prometheus's scrape.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Checks <see cref="SamplingOptions"/>' attributes; generated.</summary>
[OptionsValidator]
public sealed partial class SamplingOptionsValidator : IValidateOptions<SamplingOptions>;
