using System.Diagnostics;
using System.Globalization;
using System.Net;
using Scraper.Jobs.Fetching;
using Scraper.Jobs.OldReddit;
using Scraper.Simulator;
using Scraper.Tests.Support;

namespace Scraper.Tests.Fetching;

/// <summary>One damaged page costs a bounded amount of work: a named outcome, within the configured timeout, and
/// allocations proportional to the size cap, not to the body. Run alone (the pipeline tests' collection), as the
/// allocation count is the whole process's.</summary>
[Collection("Pipeline")]
public class BoundedWorkTests
{
    /// <summary>The default Reddit:MaxResponseBytes.</summary>
    private const long Cap = 8 * 1024 * 1024;

    /// <summary>The stated ceiling on what one damaged fetch allocates, the simulator's side included.</summary>
    private const long AllocationCeiling = 4 * Cap;

    /// <summary>Reddit:Timeout in these tests: the bound on the headers, on the body and on the parse.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task GetSubmission_TwoHundredThousandNestedElements_IsTooDeepWithinTheTimeoutAndTheMemoryCeiling()
    {
        var (fetched, elapsed, allocated) = await FetchDamagedAsync(Fault.Nested(200_000));

        Assert.Equal(PageKind.TooDeep, fetched.Result.Kind);
        Assert.Contains(NestingDepth.Limit.ToString(CultureInfo.InvariantCulture), fetched.Result.Reason, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, fetched.Status);
        AssertBounded(elapsed, allocated);
    }

    [Fact]
    public async Task GetSubmission_FiftyMegabyteBody_IsTooLargeWithinTheTimeoutAndTheMemoryCeiling()
    {
        var (fetched, elapsed, allocated) = await FetchDamagedAsync(Fault.Huge(50L * 1024 * 1024));

        Assert.Equal(PageKind.TooLarge, fetched.Result.Kind);
        Assert.Equal(50L * 1024 * 1024, fetched.Bytes);
        AssertBounded(elapsed, allocated);
    }

    [Fact]
    public async Task GetSubmission_EndlessBody_IsTooLargeAtTheCapWithinTheTimeoutAndTheMemoryCeiling()
    {
        var (fetched, elapsed, allocated) = await FetchDamagedAsync(Fault.Endless);

        Assert.Equal(PageKind.TooLarge, fetched.Result.Kind);
        Assert.Equal(Cap + 1, fetched.Bytes);
        Assert.False(fetched.Result.Kind.IsTransient());
        AssertBounded(elapsed, allocated);
    }

    [Fact]
    public async Task GetSubmission_BodyThatTricklesForever_IsNoUsableResponseOnceReddit_TimeoutHasPassed()
    {
        var timeout = TimeSpan.FromSeconds(2);
        await using var reddit = await StartAsync();
        using var host = new FetcherHost(reddit.BaseUrl, new() { ["Reddit:Timeout"] = timeout.ToString("c", CultureInfo.InvariantCulture) });
        var id = reddit.World.ListedIds("rstats")[0];
        reddit.Faults.Next(Fault.Trickle(TimeSpan.FromMilliseconds(100)), route: RouteKind.Submission);

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RedditUnavailableException>(() => host.Client.GetSubmissionAsync("rstats", id));
        var elapsed = clock.Elapsed;

        Assert.Contains("Reddit:Timeout", error.Message, StringComparison.Ordinal);
        Assert.Equal(FaultKind.Trickle, reddit.Requests.Requests[^1].Fault);
        // The headers came at once; the body had Reddit:Timeout, no more (less a timer's slack).
        Assert.InRange(elapsed, timeout - TimeSpan.FromMilliseconds(50), timeout * 2);
    }

    [Fact]
    public async Task GetSubmission_BodyOfExactlyTheCap_IsParsedAndOneByteMoreIsTooLarge()
    {
        const int small = 64 * 1024;
        await using var reddit = await StartAsync();
        using var host = new FetcherHost(reddit.BaseUrl, new() { ["Reddit:MaxResponseBytes"] = small.ToString(CultureInfo.InvariantCulture) });
        var id = reddit.World.ListedIds("rstats")[0];
        reddit.Faults.Next(Fault.Huge(small), route: RouteKind.Submission);
        reddit.Faults.Next(Fault.Huge(small + 1), route: RouteKind.Submission);

        var atTheCap = await host.Client.GetSubmissionAsync("rstats", id);
        var pastTheCap = await host.Client.GetSubmissionAsync("rstats", id);

        // The damaged page is a listing's shell: read, and found not to be the page asked for.
        Assert.Equal(PageKind.WrongPageKind, atTheCap.Result.Kind);
        Assert.Equal(small, atTheCap.Bytes);
        Assert.Equal(PageKind.TooLarge, pastTheCap.Result.Kind);
        Assert.Contains("Reddit:MaxResponseBytes", pastTheCap.Result.Reason, StringComparison.Ordinal);
    }

    private static void AssertBounded(TimeSpan elapsed, long allocated)
    {
        Assert.True(elapsed < Timeout, "took " + elapsed + ", more than Reddit:Timeout " + Timeout);
        Assert.True(allocated < AllocationCeiling, "allocated " + allocated + " bytes, more than " + AllocationCeiling);
    }

    /// <summary>A submission page fetched through a real client once the connection and the code are warm, with the
    /// time it took and the bytes the process allocated meanwhile.</summary>
    private static async Task<(Fetched<SubmissionPage> Fetched, TimeSpan Elapsed, long Allocated)> FetchDamagedAsync(Fault fault)
    {
        await using var reddit = await StartAsync();
        using var host = new FetcherHost(reddit.BaseUrl, new() { ["Reddit:Timeout"] = Timeout.ToString("c", CultureInfo.InvariantCulture) });
        var id = reddit.World.ListedIds("rstats")[0];
        Assert.Equal(PageKind.Submission, (await host.Client.GetSubmissionAsync("rstats", id)).Result.Kind);
        reddit.Faults.Next(fault, route: RouteKind.Submission);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var fetched = await host.Client.GetSubmissionAsync("rstats", id);
        var elapsed = clock.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(fault.Kind, reddit.Requests.Requests[^1].Fault);
        return (fetched, elapsed, allocated);
    }

    private static Task<SimulatedReddit> StartAsync()
    {
        var world = new SimulatedWorld(seed: 7) { ShowAds = false };
        world.AddSubreddit("rstats", 5);
        return SimulatedReddit.StartAsync(world);
    }
}
