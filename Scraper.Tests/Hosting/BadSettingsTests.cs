using System.Net;
using System.Text.Json;
using Scraper.Jobs.Storage;
using Scraper.Tests.Support;

namespace Scraper.Tests.Hosting;

/// <summary>A bad setting stops the real app at start with one line that names the key, the value's problem and
/// the expected form: no stack trace, no "unexpected error", the failure not said twice. A PostgreSQL that starts
/// after the app is waited for, as Redis is.</summary>
public class BadSettingsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>Environment variable, its value, the key the line must name, and a word of the expected form.</summary>
    public static TheoryData<string, string, string, string> BadValues => new()
    {
        { "Reddit__RequestsPerMinute", "0", "Reddit:RequestsPerMinute", "1..1000000" },
        { "Reddit__UserAgent", "", "Reddit:UserAgent", "/u/" },
        { "Reddit__BaseUrl", "ftp://x", "Reddit:BaseUrl", "https://" },
        { "Reddit__Timeout", "abc", "Reddit:Timeout", "hh:mm:ss" },
        { "Scraper__Backfill", "abc", "Scraper:Backfill", "hh:mm:ss" },
        { "Scraper__Backfill", "00:00:01", "Scraper:Backfill", "00:01:00..365.00:00:00" },
        { "Scraper__Schedule", "a b c d e", "Scraper:Schedule", "*/5 * * * *" },
        { "Scraper__Schedule", "61 * * * *", "Scraper:Schedule", "*/5 * * * *" },
        { "Scraper__Schedule", "* * *", "Scraper:Schedule", "5 fields" },
        { "Scraper__Workers", "-1", "Scraper:Workers", "1..100" },
        { "Scraper__Workers", "abc", "Scraper:Workers", "whole number" },
        { "Scraper__Role", "boss", "Scraper:Role", "all, web or worker" },
        { "Scraper__Revisits", "1h, soon", "Scraper:Revisits", "1h, 24h, 7d" },
        { "Scraper__KeepDeletedContent", "perhaps", "Scraper:KeepDeletedContent", "true or false" },
        { "Scraper__ContinueThreads", "51", "Scraper:ContinueThreads", "0..50" },
        { "Influx__Url", "notaurl", "Influx:Url", "http://" },
        { "Influx__FlushInterval", "abc", "Influx:FlushInterval", "hh:mm:ss" },
        { "Dashboard__ReadOnly", "maybe", "Dashboard:ReadOnly", "true or false" },
        { "DataProtection__Certificate", "/nonexistent/keys.pfx", "DataProtection:Certificate", "PKCS#12" },
        { "ConnectionStrings__Submissions", "Data Source=/dev/null/x.db", "ConnectionStrings:Submissions", "Data Source=" },
        { "ConnectionStrings__Submissions", "garbage", "ConnectionStrings:Submissions", "key=value" },
        { "ConnectionStrings__Redis", "localhost,connectTimeout=abc", "ConnectionStrings:Redis", "redis:6379" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task Start_BadValue_StopsWithOneLineNamingTheKeyAndTheExpectedForm(string variable, string value, string key, string expected)
    {
        using var folder = TempFolder.Create("bad-setting");
        // Subreddits listed, so that a schedule Hangfire cannot parse would reach its registration.
        await using var app = AppProcess.Start(AppProcess.IdleEnvironment(
            folder.Submissions, new Dictionary<string, string> { ["Scraper__Subreddits"] = "python", [variable] = value }));

        var exit = await app.WaitForExitAsync(Deadline);

        var lines = app.Output.Concat(app.Error).ToList();
        var all = string.Join('\n', lines);
        Assert.NotEqual(0, exit);
        var line = Assert.Single(lines, l => l.Contains(key, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Contains("FTL", line, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.StartsWith("   at ", StringComparison.Ordinal));
        Assert.DoesNotContain("unexpected error", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", all, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains("Now listening", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_BeforePostgres_WarnsOnceNamingTheKeyThenCreatesTheSchemaAndStartsThePipelineOnceItIsUp()
    {
        const string Password = "late-postgres-secret";
        await using var postgres = await PostgresServer.ReserveAsync();
        var submissions = postgres.ConnectionString() + ";Password=" + Password;
        await using var app = AppProcess.Start(AppProcess.IdleEnvironment(
            submissions, new Dictionary<string, string> { ["Logging__Json"] = "true" }));
        var ready = new Uri(Assert.Single(await app.ListeningAsync()), "/health/ready");
        using var http = new HttpClient();
        var address = "127.0.0.1:" + postgres.Port;

        // Up without its store: it says so once, serves, reports the store not ready, and starts no job server.
        await app.WaitForLineAsync(l => l.Contains("not reachable", StringComparison.Ordinal), Deadline, "the store's warning");
        Assert.Equal("Unhealthy", await StoreStatusAsync(http, ready));
        Assert.DoesNotContain(app.Output, l => l.Contains("Starting Hangfire Server", StringComparison.Ordinal));

        await postgres.StartReservedAsync();

        await app.WaitForLineAsync(l => l.Contains("Starting Hangfire Server", StringComparison.Ordinal), Deadline, "the job server's start");
        await using (var store = new PostgresStore(postgres.ConnectionString()))
        {
            Assert.Equal(ISubmissionStore.LatestSchemaVersion, await store.Submissions.SchemaVersionAsync(CancellationToken.None));
        }

        Assert.Equal("Healthy", await StoreStatusAsync(http, ready));
        var (exitCode, _) = await app.StopAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, exitCode);
        var events = app.JsonEvents();
        var warning = Assert.Single(events, e => Level(e) is not ("Information" or "Debug" or "Verbose"));
        Assert.Equal("Warning", Level(warning));
        Assert.Contains("ConnectionStrings:Submissions", warning.ToString(), StringComparison.Ordinal);
        Assert.Contains(address, warning.ToString(), StringComparison.Ordinal);
        Assert.Single(events, e => e.ToString().Contains("is reachable", StringComparison.Ordinal));
        Assert.DoesNotContain(events, e => e.TryGetProperty("@x", out _));
        Assert.DoesNotContain(events, e => e.ToString().Contains(Password, StringComparison.Ordinal));
        Assert.Empty(app.Error);
    }

    private static async Task<string?> StoreStatusAsync(HttpClient http, Uri ready)
    {
        using var probe = await http.GetAsync(ready);
        var body = await probe.Content.ReadAsStringAsync();
        return probe.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable
            ? JsonDocument.Parse(body).RootElement.GetProperty("checks").GetProperty("store").GetProperty("status").GetString()
            : throw new InvalidOperationException("/health/ready answered " + probe.StatusCode + ": " + body);
    }

    // Compact JSON leaves the level out for Information.
    private static string Level(JsonElement e) => e.TryGetProperty("@l", out var level) ? level.GetString()! : "Information";
}
