using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Scraper.Jobs.Storage;
using Scraper.Tests.Support;

namespace Scraper.Tests.Hosting;

/// <summary>The dashboard's Record page, on the real executables as child processes: the sandbox read in headless
/// Chromium, and an app whose store is not there.</summary>
public class RecordPageTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan BrowserDeadline = TimeSpan.FromSeconds(90);
    private static readonly string[] SandboxSubreddits = ["sandbox_askme", "sandbox_news", "sandbox_pics"];

    [Fact]
    public async Task RecordPage_SandboxInChromium_ShowsWhatItsStoreHolds()
    {
        await using var sandbox = AppProcess.StartSandbox(
            new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:0", ["Logging__Json"] = "true" });
        var (_, submissions) = await sandbox.SandboxDataAsync(Deadline);
        var page = new Uri((await sandbox.ListeningAsync())[0], "/hangfire/record");
        using var store = new SqliteStore(submissions);
        await Poll.UntilAsync(
            async () => (await ReadAsync(store)).Subreddits.All(s => s.Submissions > 0 && s.Comments > 0 && s.LastRun is not null),
            Deadline, () => "Not every sandbox subreddit has posts, comments and a run within " + Deadline + ":\n" + sandbox.Tail());

        // The sandbox goes on scraping while the browser reads: the page's numbers lie between two reads of the store.
        var before = await ReadAsync(store);
        var dom = await Browser.DumpDomAsync(page, BrowserDeadline);
        var after = await ReadAsync(store);
        await Browser.ScreenshotAsync(page, Path.Combine(AppContext.BaseDirectory, "TestResults", "record-page.png"), BrowserDeadline);

        var document = new HtmlParser().ParseDocument(dom);
        Assert.Contains("Record", document.QuerySelector("h1.page-header")?.TextContent, StringComparison.Ordinal);
        Assert.NotNull(document.QuerySelector("a[href$='/hangfire/record']"));
        var rows = document.QuerySelectorAll("table[data-table=subreddits] tbody tr").ToDictionary(r => r.GetAttribute("data-subreddit")!);
        Assert.Equal(SandboxSubreddits, rows.Keys.Order(StringComparer.Ordinal));
        for (var i = 0; i < SandboxSubreddits.Length; i++)
        {
            var row = rows[SandboxSubreddits[i]];
            AssertBetween(before.Subreddits[i].Submissions, Number(row, "submissions"), after.Subreddits[i].Submissions);
            AssertBetween(before.Subreddits[i].Comments, Number(row, "comments"), after.Subreddits[i].Comments);
            AssertBetween(before.Subreddits[i].RevisitsPending, Number(row, "revisits"), after.Subreddits[i].RevisitsPending);
            Assert.Matches(@"^\d+ (s|min)$|^\d+ h \d\d min$", Field(row, "lag"));
        }

        var totals = document.QuerySelector("table[data-table=totals]")!;
        AssertBetween(before.Submissions, Number(totals, "submissions"), after.Submissions);
        AssertBetween(before.Comments, Number(totals, "comments"), after.Comments);
        Assert.Equal(3, Number(totals, "subreddits"));
    }

    [Fact]
    public async Task RecordPage_StoreNotReachable_SaysSoOnThePage()
    {
        var closed = "Host=127.0.0.1;Port=" + LoopbackPort.Free().ToString(CultureInfo.InvariantCulture) + ";Username=scraper;Database=scraper;Timeout=1";
        await using var app = AppProcess.Start(AppProcess.IdleEnvironment(closed));
        var page = new Uri((await app.ListeningAsync())[0], "/hangfire/record");
        using var http = new HttpClient();

        using var response = await http.GetAsync(page);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Contains("could not be read", document.QuerySelector("[data-field=unreadable]")?.TextContent, StringComparison.Ordinal);
        Assert.Null(document.QuerySelector("table[data-table=subreddits]"));
    }

    private static Task<RecordSummary> ReadAsync(SqliteStore store) =>
        store.Record.ReadAsync(SandboxSubreddits, DateTimeOffset.UtcNow, CancellationToken.None);

    private static string Field(IElement scope, string field) =>
        scope.QuerySelector($"[data-field={field}]")?.TextContent ?? throw new InvalidOperationException("No " + field + " on the page.");

    // "12 (3)": the first number.
    private static long Number(IElement scope, string field) =>
        long.Parse(Field(scope, field).Split(' ')[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    private static void AssertBetween(long low, long actual, long high) => Assert.InRange(actual, low, high);
}
