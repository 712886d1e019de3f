using System.Net;
using Scraper.Jobs.OldReddit;
using Scraper.Simulator;

namespace Scraper.Tests.Simulator;

/// <summary>Reads the simulated old.reddit over real loopback HTTP, the way a scraper would, and parses what it
/// gets with the real parsers.</summary>
internal sealed class SimulatorClient : IDisposable
{
    private readonly HttpClient _http;

    public SimulatorClient(SimulatedReddit reddit, string? cookie = null, string? clientId = null)
    {
        // No cookie container, no redirects: the simulator's answer is what the test sees.
        _http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = reddit.BaseUrl,
        };
        if (cookie is not null)
        {
            _http.DefaultRequestHeaders.Add("Cookie", cookie);
        }

        if (clientId is not null)
        {
            _http.DefaultRequestHeaders.Add("X-Client-Id", clientId);
        }
    }

    public async Task<(HttpStatusCode Status, string Html, HttpResponseMessage Response)> GetAsync(string relativeOrAbsolute)
    {
        using var response = await _http.GetAsync(new Uri(relativeOrAbsolute, UriKind.RelativeOrAbsolute));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    public async Task<ParseResult<ListingPage>> ListingAsync(string url)
    {
        var (_, html, _) = await GetAsync(url);
        return ListingParser.Parse(html, Absolute(url));
    }

    public async Task<ParseResult<SubmissionPage>> SubmissionAsync(string url)
    {
        var (_, html, _) = await GetAsync(url);
        return SubmissionPageParser.Parse(html, Absolute(url));
    }

    /// <summary>Every page of /r/{sub}/new/, following the next links as a scraper does.</summary>
    public async Task<List<ListingPage>> AllListingPagesAsync(string subreddit, int limit)
    {
        var pages = new List<ListingPage>();
        string? url = "r/" + subreddit + "/new/?limit=" + limit;
        while (url is not null && pages.Count < 50)
        {
            var result = await ListingAsync(url);
            Assert.True(result.Kind == PageKind.Listing, url + " was " + result.Kind + ": " + result.Reason);
            pages.Add(result.Page!);
            url = result.Page!.NextPage?.ToString();
        }

        return pages;
    }

    public void Dispose() => _http.Dispose();

    private Uri Absolute(string url) => new(_http.BaseAddress!, url);
}
