namespace Scraper.Web.Metrics.Influx;

/// <summary>One bucket of an interval's histogram: values in (<paramref name="Lower"/>, <paramref name="Upper"/>].</summary>
public readonly record struct Bucket(double Lower, double Upper, long Count);

/// <summary>Percentiles of an interval, read from its bucket counts.</summary>
public static class HistogramSummary
{
    /// <summary>The <paramref name="quantile"/> (0..1) of the values counted in <paramref name="buckets"/>
    /// (in order): the bucket holding the rank is found, and the value interpolated linearly inside it, its
    /// bounds first narrowed to the interval's <paramref name="min"/> and <paramref name="max"/> (which also
    /// close the open first and last buckets). The true value lies in the same bucket, so the error is at most the
    /// bucket's width.</summary>
    public static double Percentile(IReadOnlyList<Bucket> buckets, double quantile, double min, double max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        var total = buckets.Sum(b => b.Count);
        if (total == 0)
        {
            return double.NaN;
        }

        var rank = quantile * total;
        long before = 0;
        foreach (var bucket in buckets)
        {
            if (bucket.Count > 0 && before + bucket.Count >= rank)
            {
                var lower = Math.Clamp(bucket.Lower, min, max);
                var upper = Math.Clamp(bucket.Upper, min, max);
                return lower + ((upper - lower) * Math.Max(0, rank - before) / bucket.Count);
            }

            before += bucket.Count;
        }

        return max;
    }
}
