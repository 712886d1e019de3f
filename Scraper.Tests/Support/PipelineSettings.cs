using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scraper.Web.Hosting;

namespace Scraper.Tests.Support;

/// <summary>The pipeline as the app wires it, built in this process against a simulator: no rate limit to speak
/// of, the schedule left far away (whoever runs it triggers the runs), the store in a temp folder.</summary>
/// <remarks>Also compiled into Scraper.Benchmarks, whose throughput run builds the same pipeline.</remarks>
internal static class PipelineSettings
{
    /// <summary>The settings both the tests' pipeline and the benchmark's start from.</summary>
    public static Dictionary<string, string?> For(
        Uri redditBaseUrl, string userAgent, IEnumerable<string> subreddits, TimeSpan backfill, int workers, TempFolder folder) =>
        new()
        {
            ["Reddit:BaseUrl"] = redditBaseUrl.ToString(),
            ["Reddit:UserAgent"] = userAgent,
            ["Reddit:RequestsPerMinute"] = "1000000",
            ["Scraper:Subreddits"] = string.Join(',', subreddits),
            ["Scraper:Schedule"] = "0 0 1 1 *",
            ["Scraper:Backfill"] = backfill.ToString("c", CultureInfo.InvariantCulture),
            ["Scraper:Workers"] = workers.ToString(CultureInfo.InvariantCulture),
            ["ConnectionStrings:Submissions"] = folder.Submissions,
        };

    /// <summary>A host with nothing but the pipeline (no default configuration sources), on
    /// <paramref name="settings"/>, logging as <paramref name="logging"/> says; not started.</summary>
    public static IHost Build(IDictionary<string, string?> settings, Action<ILoggingBuilder> logging)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        logging(builder.Logging);
        builder.AddScraperPipeline();
        return builder.Build();
    }
}
