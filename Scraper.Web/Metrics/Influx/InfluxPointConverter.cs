using System.Collections.Frozen;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Scraper.Jobs.Metrics;

namespace Scraper.Web.Metrics.Influx;

/// <summary>Turns the OpenTelemetry SDK's delta aggregates of one interval into InfluxDB points
/// (docs/metrics.md): counters as a cumulative <c>total</c> and the interval's <c>increment</c>; gauges as
/// <c>value</c>; histograms as cumulative <c>count</c>/<c>sum</c>, the interval's count, sum, min, max, mean and
/// percentiles, and one point per non-empty bucket tagged <c>le</c>; the run ledger's gauges as one
/// <c>discovery_run</c> point per run. Keeps the running totals, so one instance serves one reader for the
/// process's life.</summary>
public sealed class InfluxPointConverter(IReadOnlyList<KeyValuePair<string, string>> globalTags)
{
    private static readonly double[] Quantiles = [0.5, 0.75, 0.95, 0.99];
    private static readonly string[] QuantileFields = ["p50", "p75", "p95", "p99"];

    private static readonly FrozenDictionary<string, string> LedgerFields =
        ScraperMetrics.Ledger.Figures.ToFrozenDictionary(f => ScraperMetrics.Ledger.GaugeName(f.Field), f => f.Field);

    private readonly Dictionary<string, (long Count, double Sum)> _totals = [];
    private readonly List<KeyValuePair<string, string>> _ledgerTags = [.. globalTags.Where(t => t.Key == "app")];

    public void Convert(Metric metric, List<LinePoint> into)
    {
        if (LedgerFields.TryGetValue(metric.Name, out var field))
        {
            Ledger(metric, field, into);
            return;
        }

        // InfluxQL reads dots in a measurement name as a database/retention-policy separator.
        var measurement = metric.Name.Replace('.', '_');
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var tags = Tags(point.Tags);
            var time = point.EndTime.ToUnixTimeMilliseconds();
            switch (metric.MetricType)
            {
                case MetricType.LongSum:
                    into.Add(Counter(measurement, tags, time, point.GetSumLong()));
                    break;
                case MetricType.DoubleSum:
                    into.Add(Counter(measurement, tags, time, point.GetSumDouble()));
                    break;
                // Up-down counters stay cumulative under a delta preference: a level, like a gauge.
                case MetricType.LongSumNonMonotonic:
                    into.Add(Gauge(measurement, tags, time, point.GetSumLong()));
                    break;
                case MetricType.DoubleSumNonMonotonic:
                    into.Add(Gauge(measurement, tags, time, point.GetSumDouble()));
                    break;
                case MetricType.LongGauge:
                    into.Add(Gauge(measurement, tags, time, point.GetGaugeLastValueLong()));
                    break;
                case MetricType.DoubleGauge:
                    into.Add(Gauge(measurement, tags, time, point.GetGaugeLastValueDouble()));
                    break;
                case MetricType.Histogram:
                    Histogram(measurement, tags, time, in point, into);
                    break;
                default:
                    // Exponential histograms: no instrument of ours asks for one.
                    break;
            }
        }
    }

    // Each figure is its own point, at the run's start and tagged by subreddit only (no host): InfluxDB merges
    // the fields of points of one series and time, so a run is one row, and each sample, from whichever process,
    // overwrites it in place instead of adding one.
    private void Ledger(Metric metric, string field, List<LinePoint> into)
    {
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            string? subreddit = null, run = null, started = null;
            foreach (var tag in point.Tags)
            {
                var value = tag.Value as string;
                switch (tag.Key)
                {
                    case ScraperMetrics.Tags.Subreddit: subreddit = value; break;
                    case ScraperMetrics.Tags.Run: run = value; break;
                    case ScraperMetrics.Tags.Started: started = value; break;
                }
            }

            if (subreddit is null || run is null || !DateTimeOffset.TryParse(started, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var start))
            {
                continue;
            }

            into.Add(new LinePoint(
                ScraperMetrics.Ledger.Measurement,
                [.. _ledgerTags, new(ScraperMetrics.Tags.Subreddit, subreddit)],
                [new(ScraperMetrics.Tags.Run, run), new(field, point.GetGaugeLastValueLong())],
                start.ToUnixTimeMilliseconds()));
        }
    }

    private LinePoint Counter(string measurement, List<KeyValuePair<string, string>> tags, long time, double increment)
    {
        var total = Accumulate(measurement, tags, 0, increment).Sum;
        return new LinePoint(measurement, tags, [new("total", total), new("increment", increment)], time);
    }

    private static LinePoint Gauge(string measurement, List<KeyValuePair<string, string>> tags, long time, double value) =>
        new(measurement, tags, [new("value", value)], time);

    private void Histogram(string measurement, List<KeyValuePair<string, string>> tags, long time, in MetricPoint point, List<LinePoint> into)
    {
        var count = point.GetHistogramCount();
        if (count == 0)
        {
            return;
        }

        var sum = point.GetHistogramSum();
        var buckets = new List<Bucket>();
        var lower = double.NegativeInfinity;
        foreach (var bucket in point.GetHistogramBuckets())
        {
            buckets.Add(new Bucket(lower, bucket.ExplicitBound, bucket.BucketCount));
            lower = bucket.ExplicitBound;
        }

        if (!point.TryGetHistogramMinMaxValues(out var min, out var max))
        {
            (min, max) = (buckets.First(b => b.Count > 0).Lower, buckets.Last(b => b.Count > 0).Upper);
        }

        var totals = Accumulate(measurement, tags, count, sum);
        List<KeyValuePair<string, object>> fields =
        [
            new("count", totals.Count), new("sum", totals.Sum),
            new("interval_count", count), new("interval_sum", sum),
            new("min", min), new("max", max), new("mean", sum / count),
        ];
        for (var q = 0; q < Quantiles.Length; q++)
        {
            fields.Add(new(QuantileFields[q], HistogramSummary.Percentile(buckets, Quantiles[q], min, max)));
        }

        into.Add(new LinePoint(measurement, tags, fields, time));
        foreach (var bucket in buckets.Where(b => b.Count > 0))
        {
            var le = double.IsPositiveInfinity(bucket.Upper) ? "+Inf" : bucket.Upper.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            into.Add(new LinePoint(measurement, [.. tags, new("le", le)], [new("bucket", bucket.Count)], time));
        }
    }

    private (long Count, double Sum) Accumulate(string measurement, List<KeyValuePair<string, string>> tags, long count, double sum)
    {
        var key = measurement + "," + string.Join(",", tags.Select(t => t.Key + "=" + t.Value));
        _totals.TryGetValue(key, out var total);
        total = (total.Count + count, total.Sum + sum);
        _totals[key] = total;
        return total;
    }

    private List<KeyValuePair<string, string>> Tags(ReadOnlyTagCollection pointTags)
    {
        var tags = new List<KeyValuePair<string, string>>(globalTags);
        foreach (var tag in pointTags)
        {
            tags.Add(new(tag.Key, System.Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty));
        }

        tags.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return tags;
    }
}
