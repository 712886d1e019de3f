using System.Net;
using Scraper.Simulator;

namespace Scraper.Tests.Simulator;

/// <summary>The log counts and lists exactly what was served.</summary>
public class RequestLogTests
{
    [Fact]
    public async Task Requests_MixOfRoutesStatusesAndFaults_AreCountedByRouteKindAndStatus()
    {
        await using var harness = await SimulatorHarness.StartAsync(clientId: "client-a");
        var log = harness.Reddit.Requests;
        var post = harness.PermalinkOf(harness.World.ListedIds("rstats")[0]);

        await harness.Client.GetAsync("r/rstats/new/");
        await harness.Client.GetAsync("r/rstats/new/?limit=5");
        await harness.Client.GetAsync(post);
        await harness.Client.GetAsync("r/nosuchsub/new/");
        await harness.Client.GetAsync("favicon.ico");
        harness.Reddit.Faults.Next(Fault.ServerError(503), route: RouteKind.Listing);
        await harness.Client.GetAsync("r/rstats/new/");
        harness.Reddit.Faults.Next(Fault.ConnectionReset, route: RouteKind.Submission);
        await Assert.ThrowsAsync<HttpRequestException>(() => harness.Client.GetAsync(post));

        Assert.Equal(2, log.Count(RouteKind.Listing, 200));
        Assert.Equal(1, log.Count(RouteKind.Listing, 404));
        Assert.Equal(1, log.Count(RouteKind.Listing, 503));
        Assert.Equal(1, log.Count(RouteKind.Submission, 200));
        Assert.Equal(1, log.Count(RouteKind.Submission, 0));
        Assert.Equal(1, log.Count(RouteKind.Other, 404));
        Assert.Equal(4, log.Count(RouteKind.Listing));
        Assert.Equal(7, log.Total);
    }

    [Fact]
    public async Task Requests_EachOne_IsListedWithItsTimePathStatusAndClient()
    {
        await using var harness = await SimulatorHarness.StartAsync(clientId: "client-b");

        await harness.Client.GetAsync("r/rstats/new/?limit=5");
        harness.Time.Advance(TimeSpan.FromMinutes(2));
        await harness.Client.GetAsync("r/missing/new/");

        Assert.Equal(
            [
                new RequestRecord(SimulatorHarness.Start, TimeSpan.Zero, "/r/rstats/new/?limit=5", RouteKind.Listing, 200, "client-b", null, false),
                new RequestRecord(SimulatorHarness.Start.AddMinutes(2), TimeSpan.Zero, "/r/missing/new/", RouteKind.Listing, 404, "client-b", null, false),
            ],
            harness.Reddit.Requests.Requests);
    }

    [Fact]
    public async Task Requests_WithoutClientId_HaveNone()
    {
        await using var harness = await SimulatorHarness.StartAsync();

        await harness.Client.GetAsync("r/rstats/new/");

        Assert.Null(Assert.Single(harness.Reddit.Requests.Requests).ClientId);
    }

    [Fact]
    public async Task Requests_ManyAtOnce_AreAllServedAndCounted()
    {
        await using var harness = await SimulatorHarness.StartAsync(submissions: 100);
        var urls = harness.World.ListedIds("rstats").Select(harness.PermalinkOf).Concat(Enumerable.Repeat("r/rstats/new/", 100)).ToList();

        var statuses = await Task.WhenAll(urls.Select(async u => (await harness.Client.GetAsync(u)).Status));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(100, harness.Reddit.Requests.Count(RouteKind.Submission, 200));
        Assert.Equal(100, harness.Reddit.Requests.Count(RouteKind.Listing, 200));
    }

    [Fact]
    public async Task Requests_Clear_ForgetsRequestsAndTheRetryAfter()
    {
        await using var harness = await SimulatorHarness.StartAsync();
        harness.Reddit.Faults.Next(Fault.TooManyRequests(TimeSpan.FromMinutes(1)));
        await harness.Client.GetAsync("r/rstats/new/");
        await harness.Client.GetAsync("r/rstats/new/");

        harness.Reddit.Requests.Clear();
        await harness.Client.GetAsync("r/rstats/new/");

        Assert.Equal(1, harness.Reddit.Requests.Total);
        Assert.Equal(0, harness.Reddit.Requests.RetryAfterViolations);
        Assert.Null(harness.Reddit.Requests.NotBefore);
    }
}
