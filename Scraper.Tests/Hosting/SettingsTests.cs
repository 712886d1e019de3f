using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Scraper.Tests.Support;
using Scraper.Web.Hosting;

namespace Scraper.Tests.Hosting;

/// <summary>Settings read one way: an unknown key in one of Scraper's sections stops the app (and the verbs)
/// with its name and the nearest known one, and the app reads its own appsettings.json wherever it is started.</summary>
public class SettingsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(1);

    [Fact]
    public void CheckKnownKeys_MisspeltKeys_NameEachWithTheNearestKnownOne()
    {
        var configuration = Configuration(new()
        {
            ["Scraper:Subredits"] = "python",
            ["reddit:useragnet"] = "x",
            ["ConnectionStrings:Reddis"] = "localhost",
        });

        var failures = Assert.Throws<OptionsValidationException>(() => Settings.CheckKnownKeys(configuration)).Failures.Order(StringComparer.Ordinal).ToList();

        // The section as Scraper spells it, the key as it was written.
        Assert.Equal(
            [
                "unknown setting ConnectionStrings:Reddis — did you mean ConnectionStrings:Redis?",
                "unknown setting Reddit:useragnet — did you mean Reddit:UserAgent?",
                "unknown setting Scraper:Subredits — did you mean Scraper:Subreddits?",
            ],
            failures);
    }

    [Fact]
    public void CheckKnownKeys_ListItemsOtherCaseAndForeignSections_AreNotFlagged()
    {
        var configuration = Configuration(new()
        {
            ["Scraper:Subreddits:0"] = "python",
            ["Scraper:Subreddits:1"] = "rstats",
            ["Scraper:Queues:0"] = "scrape",
            ["scraper:schedule"] = "0 0 1 1 *",
            ["DASHBOARD:READONLY"] = "true",
            ["Logging:Json"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Serilog:MinimumLevel:Default"] = "Debug",
            ["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0",
            ["ConnectionStrings:Submissions"] = "Data Source=x.db",
        });

        Settings.CheckKnownKeys(configuration);
    }

    [Fact]
    public void CheckKnownKeys_ReadOnlyProperty_IsUnknown()
    {
        // The binder never sets a property without a setter: a key for one would be ignored as silently.
        var configuration = Configuration(new() { ["Influx:Enabled"] = "true" });

        var failure = Assert.Single(Assert.Throws<OptionsValidationException>(() => Settings.CheckKnownKeys(configuration)).Failures);

        Assert.StartsWith("unknown setting Influx:Enabled — did you mean Influx:", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MisspeltKeyInEnvironment_StopsNamingTheKeyAndTheSuggestion()
    {
        using var folder = TempFolder.Create("misspelt");
        await using var app = AppProcess.Start(Environment(folder, new() { ["Scraper__Subredits"] = "python" }));

        var exit = await app.WaitForExitAsync(Deadline);

        Assert.NotEqual(0, exit);
        var line = Assert.Single(app.Output, l => l.Contains("Subredits", StringComparison.Ordinal));
        Assert.Contains("Scraper:Subredits — did you mean Scraper:Subreddits?", line, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Output, l => l.Contains("Now listening", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_MisspeltKeyInEnvironment_ExitsNonZeroNamingTheKeyAndTheSuggestion()
    {
        using var folder = TempFolder.Create("misspelt-export");
        using var export = ScraperProcess.Start(
            new Dictionary<string, string> { ["ConnectionStrings__Submissions"] = folder.Submissions, ["ConnectionStrings__Submisions"] = "x" }, "export");

        var (exitCode, output, error) = await ScraperProcess.WaitAsync(export, Deadline);

        Assert.NotEqual(0, exitCode);
        Assert.Empty(output);
        Assert.Contains("ConnectionStrings:Submisions — did you mean ConnectionStrings:Submissions?", error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.PathOf("submissions.db")), "The export opened the store despite the unknown key.");
    }

    [Fact]
    public async Task Start_CorrectConfigurationWithListKeys_StartsAndPlansEveryListedSubreddit()
    {
        using var folder = TempFolder.Create("list-keys");
        await using var app = AppProcess.Start(Environment(folder, new()
        {
            ["Scraper__Subreddits__0"] = "alpha",
            ["Scraper__Subreddits__1"] = "beta",
            ["Scraper__Schedule"] = "* * * * * *",
            ["scraper__backfill"] = "06:00:00",
            ["Reddit__RetryBaseDelay"] = "00:00:00.050",
            ["Logging__Json"] = "true",
        }));
        Assert.Single(await app.ListeningAsync());

        // The plan's first tick reads each (never read: due), asking for its listing; there is no reddit at the
        // configured address, so each read fails, and its failure names the listing.
        await app.WaitForLineAsync(l => l.Contains("/r/alpha/new/", StringComparison.Ordinal), Deadline, "alpha's listing");
        await app.WaitForLineAsync(l => l.Contains("/r/beta/new/", StringComparison.Ordinal), Deadline, "beta's listing");
        var (exitCode, _) = await app.StopAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain(app.Output, l => l.Contains("unknown setting", StringComparison.Ordinal));
    }


    /// <summary>The observable effect of the shipped appsettings.json: its <c>Serilog:MinimumLevel:Override</c>
    /// quiets ASP.NET Core's own per-request lines (Information without it), leaving Serilog's one request line.</summary>
    [Fact]
    public async Task Start_FromAnEmptyWorkingDirectory_AppliesItsOwnAppSettings()
    {
        using var elsewhere = TempFolder.Create("elsewhere");
        await using var app = AppProcess.StartSandbox(
            new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:0", ["Logging__Json"] = "true" }, elsewhere.Path);
        var url = Assert.Single(await app.ListeningAsync());
        using (var http = new HttpClient())
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(url, "/hangfire/recurring"))).StatusCode);
        }

        await Poll.UntilAsync(
            () => Task.FromResult(app.Output.Any(l => l.Contains("\"RequestPath\":\"/hangfire/recurring\"", StringComparison.Ordinal))),
            Deadline,
            () => "No request line for /hangfire/recurring. The app's output:\n" + app.Tail());
        var (exitCode, _) = await app.StopAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, exitCode);
        var sources = app.Output.Select(line => JsonDocument.Parse(line).RootElement)
            .Select(e => e.TryGetProperty("SourceContext", out var s) ? s.GetString() ?? "" : "")
            .ToList();
        Assert.Contains("Serilog.AspNetCore.RequestLoggingMiddleware", sources);
        Assert.DoesNotContain(sources, s => s.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal));
        // The sandbox's data lives in its own folder: nothing is written where the app was started.
        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere.Path));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static Dictionary<string, string> Environment(TempFolder folder, Dictionary<string, string> settings) =>
        AppProcess.IdleEnvironment(
            folder.Submissions,
            new Dictionary<string, string> { ["DataProtection__KeysFolder"] = folder.PathOf("keys"), ["HOME"] = folder.Path },
            settings);
}
