using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Scraper.Tests.Support;
using Scraper.Web.Hosting;

namespace Scraper.Tests.Hosting;

/// <summary>The dashboard's access rules, on the real app as a child process listening on loopback and on one of
/// the machine's other addresses: a request to the other address comes from it, so the app sees a non-local
/// client without the test leaving the machine.</summary>
public class DashboardTests(DashboardTests.RunningApp app) : IClassFixture<DashboardTests.RunningApp>
{
    private const string Username = "operator";
    private const string Password = "correct horse";
    private static readonly string[] Subreddits = ["alpha", "bravo", "charlie"];
    private static readonly TimeSpan BrowserDeadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Dashboard_LocalRequestWithoutCredentials_Opens()
    {
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(app.Local, "/hangfire"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("X-Forwarded-For", "203.0.113.7")]
    [InlineData("Forwarded", "for=203.0.113.7")]
    [InlineData("X-Real-IP", "203.0.113.7")]
    public async Task Dashboard_LocalConnectionForwardedByAProxy_IsChallenged(string header, string value)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(app.Local, "/hangfire"));
        request.Headers.Add(header, value);

        using var response = await http.SendAsync(request);

        AssertChallenged(response);
    }

    [Fact]
    public async Task Dashboard_RequestFromAnotherAddressWithoutCredentials_IsChallenged()
    {
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(app.Remote, "/hangfire/recurring"));

        AssertChallenged(response);
    }

    [Fact]
    public async Task Dashboard_RequestFromAnotherAddressWithAWrongPassword_IsChallenged()
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = Basic(Username, Password + "x");

        using var response = await http.GetAsync(new Uri(app.Remote, "/hangfire/recurring"));

        AssertChallenged(response);
    }

    [Fact]
    public async Task Dashboard_RequestFromAnotherAddressWithTheCredentials_Opens()
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = Basic(Username, Password);

        using var response = await http.GetAsync(new Uri(app.Remote, "/hangfire/recurring"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RecordPage_FromAnotherAddress_IsChallengedWithoutTheCredentialsAndOpensWithThem()
    {
        using var anonymous = new HttpClient();
        using var authenticated = new HttpClient();
        authenticated.DefaultRequestHeaders.Authorization = Basic(Username, Password);

        using var refused = await anonymous.GetAsync(new Uri(app.Remote, "/hangfire/record"));
        var page = await authenticated.GetStringAsync(new Uri(app.Remote, "/hangfire/record"));

        AssertChallenged(refused);
        // The app's three subreddits, nothing stored yet.
        Assert.All(Subreddits, s => Assert.Contains("data-subreddit=\"" + s + "\"", page, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dashboard_InABrowserFromAnotherAddressWithTheCredentials_ListsTheDiscoveryPlanJob()
    {
        // The credentials in the URL: Chromium asks without them, is challenged, and answers the challenge.
        var url = new UriBuilder(new Uri(app.Remote, "/hangfire/recurring")) { UserName = Username, Password = Password }.Uri;

        var dom = await Browser.DumpDomAsync(url, BrowserDeadline);

        // One recurring job plans every subreddit's reads (they show as enqueued jobs when they fall due).
        Assert.Contains("Recurring Jobs", dom, StringComparison.Ordinal);
        Assert.Equal(1, Occurrences(dom, "<td class=\"word-break\">" + ScheduleRegistration.PlanId + "</td>"));
        Assert.Equal(1, Occurrences(dom, ">discover:"));
    }

    [Fact]
    public async Task Dashboard_InABrowserFromAnotherAddressWithoutCredentials_ShowsNoJob()
    {
        var dom = await Browser.DumpDomAsync(new Uri(app.Remote, "/hangfire/recurring"), BrowserDeadline);

        Assert.DoesNotContain("discover:", dom, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_NoCredentialsConfigured_RefusesARequestFromAnotherAddressWhateverItSends()
    {
        var open = await RunningApp.StartAsync(new Dictionary<string, string>());
        try
        {
            using var http = new HttpClient();
            http.DefaultRequestHeaders.Authorization = Basic("", "");

            using var remote = await http.GetAsync(new Uri(open.Remote, "/hangfire"));
            using var local = await http.GetAsync(new Uri(open.Local, "/hangfire"));

            AssertChallenged(remote);
            Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        }
        finally
        {
            await open.DisposeAsync();
        }
    }

    [Fact]
    public async Task Dashboard_ReadOnly_ShowsRecurringJobsWithoutTheirButtons()
    {
        using var http = new HttpClient();
        var writable = await http.GetStringAsync(new Uri(app.Local, "/hangfire/recurring"));
        var readOnly = await RunningApp.StartAsync(new Dictionary<string, string> { ["Dashboard__ReadOnly"] = "true" });
        try
        {
            var page = await http.GetStringAsync(new Uri(readOnly.Local, "/hangfire/recurring"));

            Assert.Contains("recurring/trigger", writable, StringComparison.Ordinal);
            Assert.Contains(ScheduleRegistration.PlanId, page, StringComparison.Ordinal);
            Assert.DoesNotContain("recurring/trigger", page, StringComparison.Ordinal);
        }
        finally
        {
            await readOnly.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("Dashboard__Username", "operator")]
    [InlineData("Dashboard__Password", "secret")]
    public async Task Start_OnlyOneOfUsernameAndPassword_StopsNamingBothKeys(string key, string value)
    {
        using var folder = TempFolder.Create("dashboard");
        await using var process = AppProcess.Start(RunningApp.Environment(new Dictionary<string, string> { [key] = value }, folder));

        var exit = await process.WaitForExitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(1, exit);
        Assert.Contains(process.Output, line => line.Contains("Dashboard:Username and Dashboard:Password must both be set", StringComparison.Ordinal));
    }

    private static void AssertChallenged(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Basic", challenge.Scheme);
        Assert.StartsWith("realm=\"Scraper\"", challenge.Parameter, StringComparison.Ordinal);
    }

    private static AuthenticationHeaderValue Basic(string username, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(username + ":" + password)));

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>The app with three subreddits' recurring jobs (scheduled far away: nothing runs) and the dashboard
    /// credentials, listening on loopback (<see cref="Local"/>) and on another of the machine's addresses
    /// (<see cref="Remote"/>).</summary>
    public sealed class RunningApp : IAsyncLifetime
    {
        private readonly TempFolder _folder = TempFolder.Create("dashboard");
        private AppProcess? _process;

        public Uri Local { get; private set; } = null!;

        public Uri Remote { get; private set; } = null!;

        internal static Dictionary<string, string> Environment(Dictionary<string, string> settings, TempFolder folder) =>
            AppProcess.IdleEnvironment(
                folder.Submissions,
                new Dictionary<string, string>
                {
                    // A non-loopback address too: the dashboard tells local requests from remote ones.
                    ["ASPNETCORE_URLS"] = "http://127.0.0.1:0;http://" + LocalAddress.NonLoopback() + ":0",
                    ["Scraper__Subreddits"] = string.Join(',', Subreddits),
                },
                settings);

        public static async Task<RunningApp> StartAsync(Dictionary<string, string> settings)
        {
            var app = new RunningApp();
            try
            {
                await app.LaunchAsync(settings);
                return app;
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }
        }

        public Task InitializeAsync() => LaunchAsync(new Dictionary<string, string>
        {
            ["Dashboard__Username"] = Username,
            ["Dashboard__Password"] = Password,
        });

        public async Task DisposeAsync()
        {
            if (_process is not null)
            {
                await _process.DisposeAsync();
            }

            _folder.Dispose();
        }

        private async Task LaunchAsync(Dictionary<string, string> settings)
        {
            _process = AppProcess.Start(Environment(settings, _folder));
            var addresses = await _process.ListeningAsync(count: 2);
            Local = addresses.Single(a => IPAddress.IsLoopback(IPAddress.Parse(a.Host)));
            Remote = addresses.Single(a => !IPAddress.IsLoopback(IPAddress.Parse(a.Host)));
            // The recurring jobs are registered as the app starts; the dashboard shows them from then on.
            await _process.WaitForLineAsync(line => line.Contains("all the dispatchers started", StringComparison.Ordinal), TimeSpan.FromMinutes(1), "started job server");
        }
    }
}
