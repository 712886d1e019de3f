using System.Globalization;
using Scraper.Simulator;
using Scraper.Tests.Support;
using Xunit.Abstractions;

namespace Scraper.Tests.Pipeline;

/// <summary>Three worker processes sharing one Redis under a storm of 429s and 500s: the simulator's arrival times
/// judge the shared gate (no bursts, nothing inside a cool-down), and the store judges the record.</summary>
[Collection("Pipeline")]
public class StormPipelineTests(ITestOutputHelper output)
{
    private const int RequestsPerMinute = 600;

    // The send slots are 100 ms apart; a sender may use its slot up to 10 ms late (SlotRule.Tolerance), and the
    // request then takes its own way through the process, the loopback and the simulator's server before its
    // arrival is stamped. What is allowed beyond the slot spacing for both together.
    private static readonly TimeSpan JitterAllowance = TimeSpan.FromMilliseconds(25);

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Pipeline_ThreeProcessesIn429And500Storm_StoreEverythingWithNoBurstAndNothingInsideACoolDown()
    {
        await RunStormAsync(seed: 31);
    }

    [Fact]
    public async Task Pipeline_ThreeProcessesIn429And500StormOnABusyCpu_StillSendNoBurst()
    {
        // Two spinning processes per core beside the workers: timers fire late and thread pools wake many waiters
        // at once, which is when a gate that sends late waiters at once lets bursts through. Processes, not threads
        // of the test: the simulator (the judge) runs in the test's process, and starving its thread pool would
        // stamp arrivals late in bunches, whatever the workers did.
        var spinners = Enumerable.Range(0, 2 * Environment.ProcessorCount)
            .Select(_ => System.Diagnostics.Process.Start("sh", ["-c", "while :; do :; done"]))
            .ToList();
        try
        {
            await RunStormAsync(seed: 32);
        }
        finally
        {
            foreach (var spinner in spinners)
            {
                spinner.Kill();
                await spinner.WaitForExitAsync();
                spinner.Dispose();
            }
        }
    }

    private async Task RunStormAsync(int seed)
    {
        string[] subreddits = ["hail", "sleet"];
        var world = new SimulatedWorld(seed) { ShowAds = false };
        foreach (var subreddit in subreddits)
        {
            world.AddSubreddit(subreddit, 20, TimeSpan.FromDays(2));
        }

        // A quarter of all attempts fail: enough retries that no request runs out of them (0.25^11), so the run
        // ends within minutes rather than at Hangfire's next retry.
        var settings = new Dictionary<string, string> { ["Reddit__MaxRetries"] = "10" };
        await using var cluster = await WorkerCluster.StartAsync(world, RequestsPerMinute, workers: 3, settings);
        // The simulator's first answer pays for its own warm-up (JIT, the first connection) before it stamps the
        // arrival: warmed here, so the judge's stamps are its steady ones.
        using (var warm = new HttpClient())
        {
            (await warm.GetAsync(new Uri(cluster.Reddit.BaseUrl, "r/hail/new/"))).Dispose();
        }

        cluster.Reddit.Requests.Clear();
        cluster.Reddit.Faults.Sometimes(Fault.TooManyRequests(RetryAfter), 0.20);
        cluster.Reddit.Faults.Sometimes(Fault.ServerError(500), 0.05);
        cluster.Discover(subreddits);

        await cluster.WaitForStoredAsync(40, Deadline);

        var stored = await cluster.Store.ExportAsync(null, null, CancellationToken.None).ToListAsync();
        Assert.Equal(
            subreddits.SelectMany(world.AllIds).Order(StringComparer.Ordinal),
            stored.Select(s => s.Page.Submission.Id).Order(StringComparer.Ordinal));
        var log = cluster.Reddit.Requests.Requests.OrderBy(r => r.ReceivedAt).ToList();
        var tooMany = log.Where(r => r.Status == 429).ToList();
        Assert.True(tooMany.Count >= 5, "the storm sent only " + tooMany.Count + " 429s");

        // Nothing arrived inside a cool-down: between a 429's arrival and the end of its Retry-After.
        var inside = log.Where(r => tooMany.Any(t => r.ReceivedAt > t.ReceivedAt && r.ReceivedAt < t.ReceivedAt + RetryAfter)).ToList();
        Assert.True(inside.Count == 0, inside.Count + " requests arrived inside a cool-down:\n" + Describe(log, inside, tooMany));
        Assert.Equal(0, cluster.Reddit.Requests.RetryAfterViolations);

        // No two requests closer than the spacing, less the allowance, over the whole run.
        var spacing = TimeSpan.FromMinutes(1) / RequestsPerMinute;
        var gaps = log.Zip(log.Skip(1), (a, b) => (First: a, Second: b, Gap: b.ReceivedAt - a.ReceivedAt)).ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{log.Count} requests, {tooMany.Count} 429s; smallest gaps (ms): {string.Join(", ", gaps.Select(g => g.Gap.TotalMilliseconds).Order().Take(10).Select(g => g.ToString("F1", CultureInfo.InvariantCulture)))}"));
        // The budget itself: no 60 s window, wherever it starts, holds more requests than a minute's budget.
        var busiest = log.Select((r, i) => log.Skip(i).TakeWhile(later => later.ReceivedAt - r.ReceivedAt < TimeSpan.FromMinutes(1)).Count()).Max();
        Assert.InRange(busiest, 1, RequestsPerMinute);
        var close = gaps.Where(g => g.Gap < spacing - JitterAllowance).ToList();
        Assert.True(
            close.Count == 0,
            close.Count + " pairs of requests closer than " + (spacing - JitterAllowance).TotalMilliseconds + " ms:\n"
            + string.Join('\n', close.Take(10).Select(g => string.Create(CultureInfo.InvariantCulture,
                $"{g.Gap.TotalMilliseconds:F1} ms: {g.First.ClientId} {g.First.Path} then {g.Second.ClientId} {g.Second.Path}"))));
    }

    // Each request with the 429 whose cool-down it broke and the request before it.
    private static string Describe(List<RequestRecord> log, IEnumerable<RequestRecord> records, List<RequestRecord> tooMany) =>
        string.Join('\n', records.Take(10).Select(r =>
        {
            var index = log.IndexOf(r);
            var broken = tooMany.Last(t => t.ReceivedAt < r.ReceivedAt);
            return string.Create(CultureInfo.InvariantCulture,
                $"#{index} {r.ClientId} {r.Path} {r.Status}: {(r.ReceivedAt - broken.ReceivedAt).TotalMilliseconds:F1} ms after the 429 #{log.IndexOf(broken)} ({broken.ClientId}), {(r.ReceivedAt - log[index - 1].ReceivedAt).TotalMilliseconds:F1} ms after the request before");
        }));
}
