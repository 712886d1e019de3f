using System.Diagnostics.Metrics;

namespace Scraper.Jobs.Metrics;

/// <summary>Histogram bucket boundaries, given to the instruments as advice. Geometric steps keep the relative
/// error of a percentile read from the buckets bounded (docs/metrics.md).</summary>
internal static class Buckets
{
    /// <summary>Durations: 1 ms × 2^(k/4) up to 2 minutes (68 boundaries; a bucket is 19% wide).</summary>
    public static readonly InstrumentAdvice<double> Time = new() { HistogramBucketBoundaries = Geometric(0.001, 4, 120) };

    /// <summary>Ages: 1 s × 2^(k/2) up to 12 days.</summary>
    public static readonly InstrumentAdvice<double> Age = new() { HistogramBucketBoundaries = Geometric(1, 2, 1_100_000) };

    /// <summary>Title lengths: every 10 characters up to reddit's limit of 300.</summary>
    public static readonly InstrumentAdvice<int> TitleLength = new() { HistogramBucketBoundaries = Linear(0, 10, 300) };

    /// <summary>Counts (lengths, comments): 0, then 2^(k/2) up to 64 Ki, whole numbers.</summary>
    public static readonly InstrumentAdvice<int> Counts = new() { HistogramBucketBoundaries = WholeGeometric(65_536).Select(b => (int)b).ToArray() };

    /// <summary>Scores: as <see cref="Counts"/>, up to 128 Ki.</summary>
    public static readonly InstrumentAdvice<long> LongCounts = new() { HistogramBucketBoundaries = WholeGeometric(131_072) };

    /// <summary>Ratios: every 0.05 from 0 to 1.</summary>
    public static readonly InstrumentAdvice<double> Ratio = new() { HistogramBucketBoundaries = Linear(0, 5, 100).Select(b => b / 100.0).ToArray() };

    private static double[] Geometric(double first, int stepsPerDoubling, double last)
    {
        var bounds = new List<double>();
        for (var k = 0; ; k++)
        {
            var bound = Math.Round(first * Math.Pow(2, (double)k / stepsPerDoubling), 6);
            if (bound > last * 1.0001)
            {
                return [.. bounds];
            }

            bounds.Add(bound);
        }
    }

    private static int[] Linear(int first, int step, int last) =>
        Enumerable.Range(0, ((last - first) / step) + 1).Select(k => first + (k * step)).ToArray();

    // 0, 1, 2, 3, 4, 6, 8, 11, 16, …: 2^(k/2) rounded, duplicates gone.
    private static long[] WholeGeometric(long last) =>
        [0, .. Geometric(1, 2, last).Select(b => (long)Math.Round(b)).Distinct()];
}
