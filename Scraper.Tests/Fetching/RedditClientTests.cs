using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Scraper.Jobs.Fetching;
using Scraper.Jobs.Metrics;
using Scraper.Jobs.OldReddit;
using Scraper.Simulator;
using Scraper.Tests.Support;

namespace Scraper.Tests.Fetching;

/// <summary>The fetcher over real loopback HTTP against the simulated old.reddit.</summary>
public class RedditClientTests
{
    [Fact]
    public async Task GetNewListing_SimulatedSubreddit_ReturnsTheParsedPageWithResponseFacts()
    {
        await using var reddit = await StartAsync(world => world.AddSubreddit("rstats", 150));
        using var host = new FetcherHost(reddit.BaseUrl);

        var fetched = await host.Client.GetNewListingAsync("rstats");

        Assert.Equal(HttpStatusCode.OK, fetched.Status);
        Assert.Equal(PageKind.Listing, fetched.Result.Kind);
        Assert.Equal(100, fetched.Result.Page!.Submissions.Count());
        Assert.Equal(reddit.World.ListedIds("rstats").Take(100), fetched.Result.Page.Submissions.Select(s => s.Id));
        Assert.True(fetched.Bytes > 100_000);
        Assert.True(fetched.Duration > TimeSpan.Zero);
    }

    [Fact]
    public async Task GetSubmission_ThreeInARowAtOneASecond_FetchTimeIsRedditsTimeAndTheBudgetWaitIsMeasuredApart()
    {
        await using var reddit = await StartAsync(world => world.AddSubreddit("rstats", 5));
        using var host = new FetcherHost(reddit.BaseUrl, new() { ["Reddit:RequestsPerMinute"] = "60" });
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var fetchTimes = new MetricCollector<double>(meters, ScraperMetrics.MeterName, ScraperMetrics.Names.SubmissionFetchTime);
        using var gateWaits = new MetricCollector<double>(meters, ScraperMetrics.MeterName, ScraperMetrics.Names.RequestGateWait);

        foreach (var id in reddit.World.ListedIds("rstats").Take(3))
        {
            Assert.Equal(PageKind.Submission, (await host.Client.GetSubmissionAsync("rstats", id)).Result.Kind);
        }

        // The second and third waited about a second each for their turn; reddit's time is the simulator's few
        // milliseconds, and none of the wait.
        var waited = gateWaits.GetMeasurementSnapshot().Sum(m => m.Value);
        var fetched = fetchTimes.GetMeasurementSnapshot().Select(m => m.Value).ToList();
        Assert.Equal(3, fetched.Count);
        Assert.Equal(3, gateWaits.GetMeasurementSnapshot().Count);
        Assert.True(waited >= 1.5, "waited only " + waited + " s at the gate");
        Assert.True(fetched.Sum() < waited / 2, "fetch times " + string.Join(", ", fetched) + " s against " + waited + " s waited");
    }

    [Fact]
    public async Task GetSubmission_SlowRedditAndATightBudget_FetchTimeReadsRedditsDelayAndTheGateWaitTheQueue()
    {
        await using var reddit = await StartAsync(world => world.AddSubreddit("rstats", 5));
        var delay = TimeSpan.FromMilliseconds(400);
        reddit.Faults.Next(Fault.Slow(delay), 3, RouteKind.Submission);
        using var host = new FetcherHost(reddit.BaseUrl, new() { ["Reddit:RequestsPerMinute"] = "30" });
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var fetchTimes = new MetricCollector<double>(meters, ScraperMetrics.MeterName, ScraperMetrics.Names.SubmissionFetchTime);
        using var gateWaits = new MetricCollector<double>(meters, ScraperMetrics.MeterName, ScraperMetrics.Names.RequestGateWait);

        foreach (var id in reddit.World.ListedIds("rstats").Take(3))
        {
            Assert.Equal(PageKind.Submission, (await host.Client.GetSubmissionAsync("rstats", id)).Result.Kind);
        }

        // Every fetch time holds reddit's 400 ms and less than the 2 s spacing; the queue (2 s less each answer)
        // is the gate's. The simulator's timer may fire a tick early against the client's clock (CI saw 399 ms).
        var fetched = fetchTimes.GetMeasurementSnapshot().Select(m => m.Value).ToList();
        var waits = gateWaits.GetMeasurementSnapshot().Select(m => m.Value).Order().ToList();
        Assert.Equal(3, fetched.Count);
        Assert.All(fetched, seconds => Assert.InRange(seconds, delay.TotalSeconds - 0.02, 1.5));
        Assert.Equal(3, waits.Count);
        Assert.All(waits.Skip(1), seconds => Assert.InRange(seconds, 1.0, 2.5));
    }

    [Fact]
    public async Task GetNewListing_SecondPage_FollowsTheAfterCursor()
    {
        await using var reddit = await StartAsync(world => world.AddSubreddit("rstats", 150));
        using var host = new FetcherHost(reddit.BaseUrl);
        var first = await host.Client.GetNewListingAsync("rstats");

        var second = await host.Client.GetNewListingAsync("rstats", first.Result.Page!.After, count: 100);

        Assert.Equal(reddit.World.ListedIds("rstats").Skip(100), second.Result.Page!.Submissions.Select(s => s.Id));
        Assert.Null(second.Result.Page.NextPage);
    }

    [Fact]
    public async Task Requests_CarryTheUserAgentAndTheOver18Cookie()
    {
        await using var reddit = await StartAsync(world =>
        {
            world.AddSubreddit("nsfw_sub", 10);
            world.MarkNsfw("nsfw_sub");
        });
        using var host = new FetcherHost(reddit.BaseUrl);

        var fetched = await host.Client.GetNewListingAsync("nsfw_sub");

        // Without the cookie the simulator, like reddit, answers with the over-18 gate.
        Assert.Equal(PageKind.Listing, fetched.Result.Kind);
    }

    [Fact]
    public async Task Fetch_TwentyPercent429sAndFivePercent500s_AllTwoHundredSucceedPolitely()
    {
        await using var reddit = await StartAsync(world => world.AddSubreddit("rstats", 300));
        reddit.Faults.Sometimes(Fault.TooManyRequests(TimeSpan.FromSeconds(1)), 0.10);
        reddit.Faults.Sometimes(Fault.TooManyRequests(TimeSpan.FromSeconds(2)), 0.10 / 0.90);
        reddit.Faults.Sometimes(Fault.ServerError(500), 0.05 / 0.80);
        using var host = new FetcherHost(reddit.BaseUrl, new() { ["Reddit:MaxRetries"] = "8" });
        var ids = reddit.World.ListedIds("rstats").Take(200).ToList();

        var results = new List<Fetched<SubmissionPage>>();
        foreach (var id in ids)
        {
            results.Add(await host.Client.GetSubmissionAsync("rstats", id));
        }

        Assert.All(results, r => Assert.Equal(PageKind.Submission, r.Result.Kind));
        var log = reddit.Requests.Requests;
        var injected = log.Count(r => r.Fault is not null);
        Assert.InRange(log.Count(r => r.Status == 429), 20, 60);
        Assert.InRange(log.Count(r => r.Status == 500), 3, 25);
        // Every injected fault cost exactly one retry: nothing more was sent, nothing less.
        Assert.Equal(200 + injected, reddit.Requests.Total);
        Assert.Equal(0, reddit.Requests.RetryAfterViolations);
    }

    [Fact]
    public async Task GetSubmission_UnknownId_IsNotFoundAfterOneRequest()
    {
        await using var reddit = await StartAsync(world => world.AddSubreddit("rstats", 5));
        using var host = new FetcherHost(reddit.BaseUrl);

        var fetched = await host.Client.GetSubmissionAsync("rstats", "zzzzzz");

        Assert.Equal(PageKind.NotFound, fetched.Result.Kind);
        Assert.Equal(HttpStatusCode.NotFound, fetched.Status);
        Assert.Equal(1, reddit.Requests.Total);
    }

    [Fact]
    public async Task GetNewListing_PrivateSubreddit_IsPrivateAfterOneRequest()
    {
        await using var reddit = await StartAsync(world =>
        {
            world.AddSubreddit("secret", 5);
            world.MakePrivate("secret");
        });
        using var host = new FetcherHost(reddit.BaseUrl);

        var fetched = await host.Client.GetNewListingAsync("secret");

        Assert.Equal(PageKind.PrivateSubreddit, fetched.Result.Kind);
        Assert.Equal(1, reddit.Requests.Total);
    }

    [Fact]
    public async Task GetNewListing_TruncatedBody_IsTruncatedAfterOneRequest()
    {
        await using var reddit = await StartAsync(world => world.AddSubreddit("rstats", 50));
        reddit.Faults.Next(Fault.Truncated(0.6));
        using var host = new FetcherHost(reddit.BaseUrl);

        var fetched = await host.Client.GetNewListingAsync("rstats");

        Assert.Equal(PageKind.Truncated, fetched.Result.Kind);
        Assert.True(fetched.Result.Kind.IsTransient());
        Assert.Equal(1, reddit.Requests.Total);
    }

    [Fact]
    public async Task GetNewListing_ConnectionReset_IsRetried()
    {
        await using var reddit = await StartAsync(world => world.AddSubreddit("rstats", 20));
        reddit.Faults.Next(Fault.ConnectionReset);
        using var host = new FetcherHost(reddit.BaseUrl);

        var fetched = await host.Client.GetNewListingAsync("rstats");

        Assert.Equal(PageKind.Listing, fetched.Result.Kind);
        Assert.Equal(2, reddit.Requests.Total);
    }

    [Fact]
    public async Task GetNewListing_ServerErrorsBeyondTheRetries_ThrowsRedditUnavailableWithTheStatus()
    {
        await using var reddit = await StartAsync(world => world.AddSubreddit("rstats", 20));
        reddit.Faults.Next(Fault.ServerError(503), count: 10);
        using var host = new FetcherHost(reddit.BaseUrl, new() { ["Reddit:MaxRetries"] = "2" });

        var error = await Assert.ThrowsAsync<RedditUnavailableException>(() => host.Client.GetNewListingAsync("rstats"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Status);
        Assert.Equal(3, reddit.Requests.Total);
    }

    [Fact]
    public async Task Fetch_RequestsPerMinute_HoldsForTheProcess()
    {
        await using var reddit = await StartAsync(world => world.AddSubreddit("rstats", 20));
        using var host = new FetcherHost(reddit.BaseUrl, new() { ["Reddit:RequestsPerMinute"] = "600" });
        var ids = reddit.World.ListedIds("rstats").Take(11).ToList();

        // Sent all at once: the gate must space them 100 ms apart.
        await Task.WhenAll(ids.Select(id => host.Client.GetSubmissionAsync("rstats", id)));

        var times = reddit.Requests.Requests.Select(r => r.ReceivedAt).Order().ToList();
        Assert.Equal(11, times.Count);
        Assert.True(times[^1] - times[0] >= TimeSpan.FromMilliseconds(900), "11 requests at 600/min span at least 1 s less one slot");
    }

    private static Task<SimulatedReddit> StartAsync(Action<SimulatedWorld> arrange)
    {
        var world = new SimulatedWorld(seed: 7) { ShowAds = false };
        arrange(world);
        return SimulatedReddit.StartAsync(world);
    }
}
