using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using Scraper.Tests.Support;
using Scraper.Web.Hosting;
using StackExchange.Redis;

namespace Scraper.Tests.Hosting;

/// <summary>The data-protection key ring behind the dashboard's antiforgery tokens, on the real app as child
/// processes, each with a home folder that has never seen the app: where the keys go, that restarts and replicas
/// share them (a dashboard button pressed on a page another process served works), and that nothing warns.</summary>
public sealed partial class KeyRingTests : IDisposable
{
    private const string KeysKey = "scraper:data-protection:keys";
    private const string DiscoveryQueue = "scraper:hangfire:queue:discovery";

    private readonly TempFolder _temp = TempFolder.Create("keyring");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task WebRole_RestartedOnOneRedis_AcceptsTheFirstStartsTokenAndNeverWarns()
    {
        await using var redis = await RedisServer.StartAsync();
        var settings = Web(redis);

        DashboardPage page;
        string firstLog;
        await using (var first = await StartAsync(settings))
        {
            page = await DashboardPage.LoadAsync(first.Url);
            firstLog = await first.StopAsync();
        }

        await using var second = await StartAsync(settings);
        var status = await page.TriggerAsync(second.Url, ScheduleRegistration.PlanId);
        var secondLog = await second.StopAsync();

        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Equal(1, await QueueLength(redis));
        Assert.Single(await Keys(redis));
        AssertNoWarning(firstLog);
        AssertNoWarning(secondLog);
        AssertHomesUntouched();
    }

    [Fact]
    public async Task TwoWebProcesses_SideBySide_EachAcceptsTheOthersTokenAndNeitherWarns()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var one = await StartAsync(Web(redis));
        var pageOfOne = await DashboardPage.LoadAsync(one.Url);
        await using var two = await StartAsync(Web(redis));
        var pageOfTwo = await DashboardPage.LoadAsync(two.Url);

        var onTwo = await pageOfOne.TriggerAsync(two.Url, ScheduleRegistration.PlanId);
        var onOne = await pageOfTwo.TriggerAsync(one.Url, ScheduleRegistration.PlanId);

        Assert.Equal(HttpStatusCode.NoContent, onTwo);
        Assert.Equal(HttpStatusCode.NoContent, onOne);
        Assert.Equal(2, await QueueLength(redis));
        Assert.Single(await Keys(redis));
        AssertNoWarning(await one.StopAsync());
        AssertNoWarning(await two.StopAsync());
        AssertHomesUntouched();
    }

    [Fact]
    public async Task DashboardButton_WithoutTheToken_IsRefusedAndTriggersNothing()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var app = await StartAsync(Web(redis));
        var page = await DashboardPage.LoadAsync(app.Url);

        var status = await page.WithoutToken().TriggerAsync(app.Url, ScheduleRegistration.PlanId);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(0, await QueueLength(redis));
    }

    [Fact]
    public async Task NoRedis_KeysInTheKeysFolder_SurviveARestart()
    {
        var keys = Path.Combine(_temp.Path, "keys");
        var settings = Settings(new Dictionary<string, string>
        {
            ["DataProtection__KeysFolder"] = keys,
            ["ConnectionStrings__Submissions"] = "Data Source=" + Path.Combine(_temp.Path, "scraper.db"),
        });

        DashboardPage page;
        await using (var first = await StartAsync(settings))
        {
            page = await DashboardPage.LoadAsync(first.Url);
            AssertNoWarning(await first.StopAsync());
        }

        await using var second = await StartAsync(settings);
        var status = await page.TriggerAsync(second.Url, ScheduleRegistration.PlanId);
        // The triggered plan enqueues alpha's read (never read: due), which asks for its listing.
        await second.WaitForAsync("/r/alpha/new/");
        var log = await second.StopAsync();

        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Single(Directory.GetFiles(keys, "key-*.xml"));
        Assert.Contains(keys, log, StringComparison.Ordinal);
        // In memory, the triggered discovery runs at once: it asks for alpha's listing (finding no reddit at
        // port 9, so its retries warn).
        Assert.Contains("/r/alpha/new/", log, StringComparison.Ordinal);
        AssertNoWarning(log, from: "Microsoft.");
        AssertHomesUntouched();
    }

    [Fact]
    public async Task Certificate_Configured_KeysInRedisAreEncryptedWithIt()
    {
        await using var redis = await RedisServer.StartAsync();
        var pfx = Path.Combine(_temp.Path, "keys.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=scraper-keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "pfx-pass"));
        }

        var settings = Web(redis);
        settings["DataProtection__Certificate"] = pfx;
        settings["DataProtection__CertificatePassword"] = "pfx-pass";
        await using var app = await StartAsync(settings);
        var page = await DashboardPage.LoadAsync(app.Url);
        var status = await page.TriggerAsync(app.Url, ScheduleRegistration.PlanId);
        var log = await app.StopAsync();

        Assert.Equal(HttpStatusCode.NoContent, status);
        var key = Assert.Single(await Keys(redis));
        Assert.Contains("EncryptedXml", key, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", key, StringComparison.Ordinal);
        Assert.Contains("encrypted with the DataProtection:Certificate certificate", log, StringComparison.Ordinal);
        AssertNoWarning(log);
    }

    [Fact]
    public async Task Certificate_Unreadable_StopsTheAppWithOneLineNamingTheKey()
    {
        var settings = Settings(new Dictionary<string, string> { ["DataProtection__Certificate"] = Path.Combine(_temp.Path, "missing.pfx") });
        await using var app = AppProcess.Start(settings);

        var exit = await app.WaitForExitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(1, exit);
        var line = Assert.Single(app.Output, l => l.Contains("DataProtection:Certificate", StringComparison.Ordinal));
        Assert.Contains("missing.pfx", line, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Output, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }

    /// <summary>No event above Information (from sources starting with <paramref name="from"/>, or any).</summary>
    private static void AssertNoWarning(string log, string from = "")
    {
        var events = log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.NotEmpty(events);
        Assert.DoesNotContain(events, e => e.TryGetProperty("@l", out var level) && level.GetString() is not ("Debug" or "Verbose")
            && e.TryGetProperty("SourceContext", out var source) && source.GetString()!.StartsWith(from, StringComparison.Ordinal));
    }

    private static async Task<long> QueueLength(RedisServer redis)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        return await connection.GetDatabase().ListLengthAsync(DiscoveryQueue);
    }

    private static async Task<string[]> Keys(RedisServer redis)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        return [.. (await connection.GetDatabase().ListRangeAsync(KeysKey)).Select(v => v.ToString())];
    }

    /// <summary>Every process of the test had its own empty home folder; data protection's default would have
    /// written <c>.aspnet/DataProtection-Keys</c> into it.</summary>
    private void AssertHomesUntouched() =>
        Assert.All(Directory.GetDirectories(_temp.Path, "home-*"), home => Assert.Empty(Directory.EnumerateFileSystemEntries(home)));

    private Dictionary<string, string> Web(RedisServer redis) => Settings(new Dictionary<string, string>
    {
        ["Scraper__Role"] = "web",
        ["ConnectionStrings__Redis"] = redis.ConnectionString,
        ["ConnectionStrings__Submissions"] = "Data Source=" + Path.Combine(_temp.Path, "scraper.db"),
    });

    private Dictionary<string, string> Settings(Dictionary<string, string> settings) =>
        AppProcess.IdleEnvironment(
            "Data Source=" + Path.Combine(_temp.Path, "scraper.db"),
            new Dictionary<string, string> { ["Logging__Json"] = "true", ["Scraper__Subreddits"] = "alpha" },
            settings);

    private async Task<RunningApp> StartAsync(Dictionary<string, string> settings)
    {
        var home = Directory.CreateDirectory(Path.Combine(_temp.Path, "home-" + Guid.NewGuid().ToString("N"))).FullName;
        var process = AppProcess.Start(new Dictionary<string, string>(settings) { ["HOME"] = home });
        var url = Assert.Single(await process.ListeningAsync());
        return new RunningApp(process, url);
    }

    private sealed class RunningApp(AppProcess process, Uri url) : IAsyncDisposable
    {
        public Uri Url { get; } = url;

        /// <summary>Until the app has logged a line holding <paramref name="text"/>.</summary>
        public Task<string> WaitForAsync(string text) =>
            process.WaitForLineAsync(l => l.Contains(text, StringComparison.Ordinal), TimeSpan.FromSeconds(30), text);

        /// <summary>Stops the app (SIGTERM) and returns everything it logged.</summary>
        public async Task<string> StopAsync()
        {
            var (exitCode, _) = await process.StopAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, exitCode);
            Assert.Empty(process.Error);
            return string.Join('\n', process.Output);
        }

        public ValueTask DisposeAsync() => process.DisposeAsync();
    }

    /// <summary>What a browser keeps of a dashboard page: its antiforgery cookie, and the token and header name
    /// the page's meta tags give its scripts, which send both with every button's POST.</summary>
    private sealed partial record DashboardPage(string Cookie, string HeaderName, string Token)
    {
        public static async Task<DashboardPage> LoadAsync(Uri app)
        {
            using var http = new HttpClient();
            using var response = await http.GetAsync(new Uri(app, "/hangfire/recurring"));
            response.EnsureSuccessStatusCode();
            var html = await response.Content.ReadAsStringAsync();
            var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
            return new DashboardPage(
                cookie.Split(';')[0], Meta(html, "csrf-header"), WebUtility.HtmlDecode(Meta(html, "csrf-token")));
        }

        public DashboardPage WithoutToken() => this with { Token = "" };

        /// <summary>Presses "Trigger now" for <paramref name="job"/>, as the page's script does, on
        /// <paramref name="app"/> (which need not be the process that served the page).</summary>
        public async Task<HttpStatusCode> TriggerAsync(Uri app, string job)
        {
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(app, "/hangfire/recurring/trigger"))
            {
                Content = new FormUrlEncodedContent([new("jobs[]", job)]),
            };
            request.Headers.Add("Cookie", Cookie);
            if (Token.Length > 0)
            {
                request.Headers.Add(HeaderName, Token);
            }

            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }

        private static string Meta(string html, string name)
        {
            var match = MetaTag().Matches(html).SingleOrDefault(m => m.Groups["name"].Value == name);
            Assert.True(match is not null, "The dashboard page has no meta " + name + ".");
            return match.Groups["content"].Value;
        }

        [GeneratedRegex("<meta name=\"(?<name>csrf-[a-z]+)\" content=\"(?<content>[^\"]*)\">")]
        private static partial Regex MetaTag();
    }
}
