namespace Scraper.Web.Hosting.Logging;

/// <summary>Scraper's own key in section <c>Logging</c> (the section's other keys, <c>LogLevel</c> and the like,
/// are the framework's; levels come from <c>Serilog:MinimumLevel</c>).</summary>
internal sealed class LoggingOptions
{
    public const string SectionName = "Logging";

    /// <summary>Writes compact JSON, one event a line, instead of readable text (default false).</summary>
    public bool Json { get; set; }
}
