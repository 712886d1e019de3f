using Scraper.Jobs.Metrics;
using Scraper.Web.Metrics.Influx;
using Bucket = Scraper.Web.Metrics.Influx.Bucket;

namespace Scraper.Tests.Metrics;

public class HistogramSummaryTests
{
    [Fact]
    public void Percentile_InterpolatesInsideTheBucketHoldingTheRank()
    {
        Bucket[] buckets = [new(double.NegativeInfinity, 1, 0), new(1, 2, 4), new(2, 4, 4), new(4, double.PositiveInfinity, 0)];

        // 8 values; the median's rank 4 is the end of (1, 2], p75's rank 6 is half way through (2, 4].
        Assert.Equal(2, HistogramSummary.Percentile(buckets, 0.5, min: 1.1, max: 3.9));
        Assert.Equal(2.95, HistogramSummary.Percentile(buckets, 0.75, min: 1.1, max: 3.9), 10);
    }

    [Fact]
    public void Percentile_OpenEndBuckets_AreClosedByTheIntervalsMinAndMax()
    {
        Bucket[] buckets = [new(double.NegativeInfinity, 0, 2), new(0, double.PositiveInfinity, 2)];

        Assert.Equal(-10, HistogramSummary.Percentile(buckets, 0, min: -10, max: 50));
        Assert.Equal(50, HistogramSummary.Percentile(buckets, 1, min: -10, max: 50));
    }

    [Fact]
    public void Percentile_NoValues_IsNaN()
    {
        Assert.True(double.IsNaN(HistogramSummary.Percentile([new(0, 1, 0)], 0.5, 0, 1)));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.75)]
    [InlineData(0.95)]
    [InlineData(0.99)]
    public void Percentile_OfSkewedDurationsInTheTimeBuckets_IsWithinOneBucketOfTheExactValue(double quantile)
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 5_000).Select(_ => Math.Exp(random.NextDouble() * 6) / 1000).Order().ToArray();
        var bounds = Buckets.Time.HistogramBucketBoundaries!;
        var buckets = new List<Bucket>();
        var lower = double.NegativeInfinity;
        foreach (var upper in bounds.Append(double.PositiveInfinity))
        {
            buckets.Add(new Bucket(lower, upper, values.Count(v => v > lower && v <= upper)));
            lower = upper;
        }

        var estimate = HistogramSummary.Percentile(buckets, quantile, values[0], values[^1]);

        var exact = values[(int)Math.Ceiling(quantile * values.Length) - 1];
        var bucket = buckets.First(b => exact > b.Lower && exact <= b.Upper);
        Assert.InRange(estimate, bucket.Lower, bucket.Upper);
        // The doc's bound: a time bucket is 2^(1/4) wide, so the estimate is within 19% of the exact value.
        Assert.InRange(Math.Abs(estimate - exact) / exact, 0, 0.19);
    }
}
