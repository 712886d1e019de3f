using System.Net;
using Scraper.Jobs.OldReddit;
using Scraper.Simulator;
using Scraper.Tests.Support;

namespace Scraper.Tests.Simulator;

/// <summary>Each fault comes as asked, on the routes asked, for as many requests as asked.</summary>
public class FaultTests
{
    private const string Listing = "r/rstats/new/";

    [Fact]
    public async Task Fault_TooManyRequests_Is429WithRetryAfterInSeconds()
    {
        await using var harness = await SimulatorHarness.StartAsync();
        harness.Reddit.Faults.Next(Fault.TooManyRequests(TimeSpan.FromSeconds(7.2)));

        var (status, _, response) = await harness.Client.GetAsync(Listing);

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal(TimeSpan.FromSeconds(8), response.Headers.RetryAfter?.Delta);
        Assert.Equal(SimulatorHarness.Start.AddSeconds(8), harness.Reddit.Requests.NotBefore);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task Fault_ServerError_IsThatStatus(int code)
    {
        await using var harness = await SimulatorHarness.StartAsync();
        harness.Reddit.Faults.Next(Fault.ServerError(code));

        var (status, _, _) = await harness.Client.GetAsync(Listing);

        Assert.Equal((HttpStatusCode)code, status);
    }

    [Fact]
    public async Task Fault_Slow_AnswersNormallyOnlyOnceTheDelayHasPassedOnTheSimulatorsClock()
    {
        await using var harness = await SimulatorHarness.StartAsync();
        harness.Reddit.Faults.Next(Fault.Slow(TimeSpan.FromSeconds(20)));

        var pending = harness.Client.ListingAsync(Listing);
        // The answer waits on the fake clock: move it on 5 s at each check until the answer has come (no sleeping).
        await Poll.UntilAsync(
            () =>
            {
                if (pending.IsCompleted)
                {
                    return true;
                }

                harness.Time.Advance(TimeSpan.FromSeconds(5));
                return false;
            },
            TimeSpan.FromSeconds(30),
            () => "no answer with the simulator's clock " + (harness.Time.GetUtcNow() - SimulatorHarness.Start) + " on",
            TimeSpan.FromMilliseconds(20));

        var listing = await pending;
        var record = Assert.Single(harness.Reddit.Requests.Requests);
        Assert.Equal(PageKind.Listing, listing.Kind);
        Assert.Equal(FaultKind.Slow, record.Fault);
        Assert.Equal(200, record.Status);
        Assert.True(record.Elapsed >= TimeSpan.FromSeconds(20), "answered after " + record.Elapsed);
    }

    [Fact]
    public async Task Fault_ConnectionReset_AbortsTheConnectionWithoutAnswer()
    {
        await using var harness = await SimulatorHarness.StartAsync();
        harness.Reddit.Faults.Next(Fault.ConnectionReset);

        await Assert.ThrowsAsync<HttpRequestException>(() => harness.Client.GetAsync(Listing));
        var next = await harness.Client.ListingAsync(Listing);

        Assert.Equal(PageKind.Listing, next.Kind);
        Assert.Equal(1, harness.Reddit.Requests.Count(RouteKind.Listing, 0));
    }

    [Fact]
    public async Task Fault_Truncated_Is200WithACutBodyThatTheParserReportsAsTruncated()
    {
        await using var harness = await SimulatorHarness.StartAsync();
        harness.Reddit.Faults.Next(Fault.Truncated(0.4));

        var (status, html, _) = await harness.Client.GetAsync(Listing);
        var whole = (await harness.Client.GetAsync(Listing)).Html;

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith(html, whole, StringComparison.Ordinal);
        Assert.InRange(html.Length, whole.Length / 4, whole.Length / 2);
        Assert.Equal(PageKind.Truncated, ListingParser.Parse(html, new Uri(harness.Reddit.BaseUrl, Listing)).Kind);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(429)]
    public async Task Fault_Blocked_IsTheRealBlockPageThatTheParserReportsAsBlocked(int code)
    {
        await using var harness = await SimulatorHarness.StartAsync();
        harness.Reddit.Faults.Next(Fault.Blocked(code));

        var (status, html, _) = await harness.Client.GetAsync(Listing);

        Assert.Equal((HttpStatusCode)code, status);
        Assert.Contains("whoa there, pardner!", html, StringComparison.Ordinal);
        Assert.Equal(PageKind.Blocked, ListingParser.Parse(html, new Uri(harness.Reddit.BaseUrl, Listing)).Kind);
    }

    [Fact]
    public async Task Fault_Nested_IsAWholePageWithThatManyNestedDivsAndItsContentLength()
    {
        await using var harness = await SimulatorHarness.StartAsync();
        harness.Reddit.Faults.Next(Fault.Nested(3_000));

        var (status, html, response) = await harness.Client.GetAsync(Listing);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(html.Length, response.Content.Headers.ContentLength);
        Assert.EndsWith("</html>\n", html, StringComparison.Ordinal);
        // html and body, then the divs.
        Assert.Equal(3_002, NestingDepth.Measure(html, int.MaxValue));
        Assert.Equal(FaultKind.Nested, Assert.Single(harness.Reddit.Requests.Requests).Fault);
    }

    [Fact]
    public async Task Fault_Huge_IsExactlyThatManyBytesWithTheirContentLength()
    {
        const long bytes = (3 * 1024 * 1024) + 7;
        await using var harness = await SimulatorHarness.StartAsync();
        harness.Reddit.Faults.Next(Fault.Huge(bytes));

        var (status, html, response) = await harness.Client.GetAsync(Listing);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(bytes, response.Content.Headers.ContentLength);
        Assert.Equal(bytes, html.Length);
        Assert.EndsWith("</html>\n", html, StringComparison.Ordinal);
        Assert.Equal(FaultKind.Huge, Assert.Single(harness.Reddit.Requests.Requests).Fault);
    }

    [Fact]
    public async Task Fault_Endless_StreamsWithoutContentLengthUntilTheClientLeaves()
    {
        await using var harness = await SimulatorHarness.StartAsync();
        harness.Reddit.Faults.Next(Fault.Endless);
        using var http = new HttpClient { BaseAddress = harness.Reddit.BaseUrl };

        long read = 0;
        using (var response = await http.GetAsync(Listing, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Null(response.Content.Headers.ContentLength);
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[64 * 1024];
            while (read < 20L * 1024 * 1024)
            {
                var n = await body.ReadAsync(buffer);
                Assert.NotEqual(0, n);
                read += n;
            }
        }

        // Left after 20 MB: the simulator answers the next request as usual.
        var next = await harness.Client.ListingAsync(Listing);
        Assert.Equal(PageKind.Listing, next.Kind);
        Assert.Equal(FaultKind.Endless, harness.Reddit.Requests.Requests[0].Fault);
    }

    [Fact]
    public void Fault_Blocked_DefaultsTo403()
    {
        Assert.Equal(403, Fault.Blocked().Status);
    }

    [Fact]
    public async Task Fault_NextKForOneRouteKind_HitsOnlyTheNextKRequestsOfThatKind()
    {
        await using var harness = await SimulatorHarness.StartAsync();
        var post = harness.PermalinkOf(harness.World.ListedIds("rstats")[0]);
        harness.Reddit.Faults.Next(Fault.ServerError(502), count: 2, RouteKind.Submission);

        var statuses = new List<HttpStatusCode>();
        foreach (var url in new[] { Listing, post, Listing, post, post })
        {
            statuses.Add((await harness.Client.GetAsync(url)).Status);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.BadGateway, HttpStatusCode.OK, HttpStatusCode.BadGateway, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task Fault_Sometimes_HitsAboutThatShareAndTheSameRequestsForTheSameSeed()
    {
        async Task<List<HttpStatusCode>> RunAsync()
        {
            await using var harness = await SimulatorHarness.StartAsync(seed: 77);
            harness.Reddit.Faults.Sometimes(Fault.ServerError(503), 0.3, RouteKind.Listing);
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 60; i++)
            {
                statuses.Add((await harness.Client.GetAsync(Listing)).Status);
            }

            return statuses;
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(first, second);
        Assert.InRange(first.Count(s => s == HttpStatusCode.ServiceUnavailable), 6, 36);
        Assert.All(first, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable));
    }

    [Fact]
    public async Task Fault_Clear_StopsEveryFault()
    {
        await using var harness = await SimulatorHarness.StartAsync();
        harness.Reddit.Faults.Sometimes(Fault.ServerError(), 1.0);
        harness.Reddit.Faults.Next(Fault.ConnectionReset, count: 5);

        harness.Reddit.Faults.Clear();

        Assert.Equal(HttpStatusCode.OK, (await harness.Client.GetAsync(Listing)).Status);
    }

    [Fact]
    public async Task RetryAfter_RequestBeforeItHasPassed_IsRecordedAsAViolation()
    {
        await using var harness = await SimulatorHarness.StartAsync(clientId: "scraper-1");
        harness.Reddit.Faults.Next(Fault.TooManyRequests(TimeSpan.FromSeconds(30)));
        await harness.Client.GetAsync(Listing);

        harness.Time.Advance(TimeSpan.FromSeconds(29));
        var (status, _, _) = await harness.Client.GetAsync(Listing + "?count=1");

        var violation = Assert.Single(harness.Reddit.Requests.Violations);
        Assert.Equal(1, harness.Reddit.Requests.RetryAfterViolations);
        Assert.Equal("/" + Listing + "?count=1", violation.Path);
        Assert.Equal("scraper-1", violation.ClientId);
        Assert.Equal(SimulatorHarness.Start.AddSeconds(29), violation.ReceivedAt);
        Assert.True(violation.ViolatedRetryAfter);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task RetryAfter_RequestOnceItHasPassed_IsNoViolation()
    {
        await using var harness = await SimulatorHarness.StartAsync();
        harness.Reddit.Faults.Next(Fault.TooManyRequests(TimeSpan.FromSeconds(30)));
        await harness.Client.GetAsync(Listing);

        harness.Time.Advance(TimeSpan.FromSeconds(30));
        await harness.Client.GetAsync(Listing);

        Assert.Equal(0, harness.Reddit.Requests.RetryAfterViolations);
        Assert.Empty(harness.Reddit.Requests.Violations);
        Assert.All(harness.Reddit.Requests.Requests, r => Assert.False(r.ViolatedRetryAfter));
    }

    [Fact]
    public async Task RetryAfter_TwoAnnounced_TheLaterOneCounts()
    {
        await using var harness = await SimulatorHarness.StartAsync();
        harness.Reddit.Faults.Next(Fault.TooManyRequests(TimeSpan.FromSeconds(60)));
        harness.Reddit.Faults.Next(Fault.TooManyRequests(TimeSpan.FromSeconds(5)));
        await harness.Client.GetAsync(Listing);
        await harness.Client.GetAsync(Listing);

        harness.Time.Advance(TimeSpan.FromSeconds(10));
        await harness.Client.GetAsync(Listing);

        // The second 429 came too early itself; the third request is still inside the first 429's minute.
        Assert.Equal(2, harness.Reddit.Requests.RetryAfterViolations);
        Assert.Equal(SimulatorHarness.Start.AddSeconds(60), harness.Reddit.Requests.NotBefore);
    }
}
