using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Scraper.Jobs.Metrics;
using Scraper.Web.Metrics.Influx;

namespace Scraper.Tests.Metrics;

/// <summary>The converter behind the real OpenTelemetry SDK, as the app runs it: delta aggregates in, points out.
/// Other tests may record on the Scraper meter meanwhile, so each test tags its own series uniquely.</summary>
public sealed class InfluxPointConverterTests : IDisposable
{
    private static readonly KeyValuePair<string, string>[] Global = [new("app", "scraper"), new("host", "h1"), new("role", "all")];

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly List<LinePoint> _points = [];
    private readonly MeterProvider _provider;
    private readonly string _subreddit = "sub" + Guid.NewGuid().ToString("N")[..8];

    public InfluxPointConverterTests()
    {
        Metrics = new ScraperMetrics(_services.GetRequiredService<IMeterFactory>());
        _provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(ScraperMetrics.MeterName, "converter-test")
            .AddReader(new BaseExportingMetricReader(new Capture(new InfluxPointConverter(Global), _points))
            {
                TemporalityPreference = MetricReaderTemporalityPreference.Delta,
            })
            .Build()!;
    }

    private ScraperMetrics Metrics { get; }

    [Fact]
    public void Counter_OverTwoIntervals_WritesTheRunningTotalAndEachIntervalsIncrement()
    {
        Metrics.Discovered(_subreddit, found: 5, enqueued: 3);
        Flush();
        Metrics.Discovered(_subreddit, found: 4, enqueued: 4);
        Flush();

        var discovered = Mine(ScraperMetrics.Names.SubmissionsDiscovered);
        Assert.Equal([(5.0, 5.0), (9.0, 4.0)], discovered.Select(p => ((double)Field(p, "total"), (double)Field(p, "increment"))));
        var duplicates = Mine(ScraperMetrics.Names.DuplicatesSkipped);
        Assert.Equal([2.0, 0.0], duplicates.Select(p => (double)Field(p, "increment")));
    }

    [Fact]
    public void Counter_Tags_AreTheGlobalOnesAndTheInstrumentsSortedByKey()
    {
        Metrics.ScrapeFailed(_subreddit, "not_found");
        Flush();

        var point = Assert.Single(Mine(ScraperMetrics.Names.ScrapeFailures));
        Assert.Equal(
            [new("app", "scraper"), new("host", "h1"), new("reason", "not_found"), new("role", "all"), new("subreddit", _subreddit)],
            point.Tags);
    }

    [Fact]
    public void Histogram_WritesCumulativeCountAndSumAndTheIntervalsSummary()
    {
        foreach (var ms in new[] { 100, 200, 300, 400 })
        {
            Metrics.PageFetched(ScraperMetrics.Pages.Submission, _subreddit, TimeSpan.FromMilliseconds(ms), TimeSpan.FromMilliseconds(1));
        }

        Flush();
        Metrics.PageFetched(ScraperMetrics.Pages.Submission, _subreddit, TimeSpan.FromMilliseconds(1000), TimeSpan.FromMilliseconds(1));
        Flush();

        var summaries = Mine(ScraperMetrics.Names.SubmissionFetchTime).Where(p => p.Tags.All(t => t.Key != "le")).ToList();
        Assert.Equal(2, summaries.Count);
        var (first, second) = (summaries[0], summaries[1]);
        Assert.Equal((4L, 1.0), ((long)Field(first, "count"), Math.Round((double)Field(first, "sum"), 9)));
        Assert.Equal((0.1, 0.4, 0.25), ((double)Field(first, "min"), (double)Field(first, "max"), Math.Round((double)Field(first, "mean"), 9)));
        Assert.InRange((double)Field(first, "p50"), 0.2 / 1.19, 0.2 * 1.19);
        Assert.Equal((5L, 2.0), ((long)Field(second, "count"), Math.Round((double)Field(second, "sum"), 9)));
        Assert.Equal((1L, 1.0), ((long)Field(second, "interval_count"), (double)Field(second, "interval_sum")));
    }

    [Fact]
    public void Histogram_BucketPoints_CountEachIntervalsValuesUnderTheirUpperBound()
    {
        foreach (var ms in new[] { 100, 100, 300, 200_000 })
        {
            Metrics.PageFetched(ScraperMetrics.Pages.Listing, _subreddit, TimeSpan.FromMilliseconds(ms), TimeSpan.FromMilliseconds(1));
        }

        Flush();

        var buckets = Mine(ScraperMetrics.Names.ListingFetchTime)
            .Where(p => p.Tags.Any(t => t.Key == "le"))
            .ToDictionary(p => p.Tags.Single(t => t.Key == "le").Value, p => (long)Field(p, "bucket"));
        Assert.Equal(4, buckets.Values.Sum());
        Assert.Equal(2, buckets.Single(b => b.Key != "+Inf" && Bound(b.Key) is >= 0.1 and < 0.1 * 1.19).Value);
        Assert.Equal(1, buckets["+Inf"]); // 200 s is past the last bound, 2 min
    }

    [Fact]
    public void Interval_WithoutMeasurements_WritesNothingForTheSeries()
    {
        Metrics.ScrapeFailed(_subreddit, "removed");
        Flush();
        Flush();

        Assert.Single(Mine(ScraperMetrics.Names.ScrapeFailures));
    }

    [Fact]
    public void Gauge_WritesTheSampledValue()
    {
        Metrics.SetFreshness(new Dictionary<string, double> { [_subreddit] = 42.5 });
        Flush();

        Assert.Equal(42.5, (double)Field(Assert.Single(Mine(ScraperMetrics.Names.FreshnessLag)), "value"));
    }

    [Fact]
    public void DottedInstrumentName_BecomesAMeasurementWithUnderscores()
    {
        using var meter = new Meter("converter-test");
        meter.CreateCounter<long>("http.client.open_connections").Add(2);
        Flush();

        Assert.Contains(_points, p => p.Measurement == "http_client_open_connections");
    }

    private static object Field(LinePoint point, string name) => point.Fields.Single(f => f.Key == name).Value;

    private static double Bound(string le) => double.Parse(le, System.Globalization.CultureInfo.InvariantCulture);

    private List<LinePoint> Mine(string measurement) =>
        _points.Where(p => p.Measurement == measurement && p.Tags.Any(t => t.Key == "subreddit" && t.Value == _subreddit)).ToList();

    private void Flush() => Assert.True(_provider.ForceFlush());

    public void Dispose()
    {
        _provider.Dispose();
        _services.Dispose();
    }

    private sealed class Capture(InfluxPointConverter converter, List<LinePoint> into) : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch)
        {
            foreach (var metric in batch)
            {
                converter.Convert(metric, into);
            }

            return ExportResult.Success;
        }
    }
}
