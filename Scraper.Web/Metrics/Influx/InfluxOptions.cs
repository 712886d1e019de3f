using Scraper.Jobs.Diagnostics;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Scraper.Web.Metrics.Influx;

/// <summary>Where metrics go. Section <c>Influx</c>; environment variables <c>Influx__Url</c>, …. An empty
/// <see cref="Url"/> (the default) turns the reporter off.</summary>
public sealed class InfluxOptions : IValidatableObject
{
    public const string SectionName = "Influx";

    /// <summary>The InfluxDB 1.x HTTP API, e.g. <c>http://influxdb:8086</c>. Empty: nothing is pushed.</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>The database (default <c>scraper</c>), created on start when missing and the user may.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = SettingMessages.Missing)]
    [RegularExpression("^[A-Za-z0-9_\\-]+$", ErrorMessage = "is not a database name (expected letters, digits, _ or -)")]
    public string Database { get; set; } = "scraper";

    /// <summary>With InfluxDB's authentication on: a user allowed to write the database.</summary>
    public string Username { get; set; } = string.Empty;

    public string Password { get; set; } = string.Empty;

    /// <summary>How often points are aggregated and written (default 10 s, 1 s..10 min).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The timeout of one write (default 5 s, 100 ms..1 min).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Points kept while InfluxDB is unreachable (default 200,000, 1,000..10,000,000); beyond it the
    /// oldest are dropped and counted in <c>metrics_points_dropped</c>.</summary>
    [Range(1_000, 10_000_000)]
    public int BufferPoints { get; set; } = 200_000;

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult(
                "Influx:Url: \"" + Url + "\" is not an absolute http(s) URL (expected empty, or e.g. http://influxdb:8086).", [nameof(Url)]);
        }

        if (string.IsNullOrEmpty(Username) != string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult("Influx:Username and Influx:Password go together: set both or neither.", [nameof(Username)]);
        }
    }
}

/// <summary>Checks <see cref="InfluxOptions"/>' attributes and <see cref="InfluxOptions.Validate"/>; generated.</summary>
[OptionsValidator]
public sealed partial class InfluxOptionsValidator : IValidateOptions<InfluxOptions>;
