using Scraper.Jobs.Storage;
using Scraper.Tests.Support;
using Scraper.Web.CommandLine;

namespace Scraper.Tests.CommandLine;

/// <summary>plan reads the configuration and the store from the environment, which is process-wide: one test at a
/// time in the collection.</summary>
[Collection("Environment")]
public sealed class PlanVerbTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private readonly TempFolder _folder = TempFolder.Create("plan");

    private readonly Dictionary<string, string> _environment;

    public PlanVerbTests()
    {
        _environment = new()
        {
            ["ConnectionStrings__Submissions"] = _folder.Submissions,
            ["Scraper__Subreddits"] = "busy,quiet1,quiet2,fresh",
            ["Reddit__UserAgent"] = FetcherHost.UserAgent,
            ["Reddit__RequestsPerMinute"] = "60",
        };
        foreach (var (key, value) in _environment)
        {
            Environment.SetEnvironmentVariable(key, value);
        }
    }

    public void Dispose()
    {
        foreach (var key in _environment.Keys)
        {
            Environment.SetEnvironmentVariable(key, null);
        }

        _folder.Dispose();
    }

    [Fact]
    public async Task Plan_KeptRates_PrintsTheBudgetAndEachSubredditsReadIntervalAndLag()
    {
        using (var store = new SqliteStore(_folder.Submissions))
        {
            await store.Submissions.InitializeAsync(CancellationToken.None);
            foreach (var (subreddit, posts) in new[] { ("busy", 9600), ("quiet1", 12), ("quiet2", 12) })
            {
                await store.Ledger.SetWatermarkAsync(subreddit, new Watermark(Now), CancellationToken.None);
                await store.Ledger.SetPostingRateAsync(subreddit, new PostingRate(posts, 24, 0, 0, Now), CancellationToken.None);
            }
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await Verbs.InvokeAsync(["plan"], output, error);

        Assert.Equal((0, ""), (exitCode, error.ToString()));
        var lines = output.ToString().TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.StartsWith("budget 60/min: scraping ", lines[0], StringComparison.Ordinal);
        var rows = lines.Skip(2).Select(l => System.Text.RegularExpressions.Regex.Match(
            l, @"^(?<sub>\w+)\s+(?<rate>[\d.?]+)\s+(?<interval>[\d.]+) min\s+(?<read>alone|group \d+ \(\d+\))\s+(?<lag>[\d.]+) min(?<backfill> \(backfill first\))?$"))
            .ToDictionary(m => m.Groups["sub"].Value, m => m);
        Assert.Equal(["busy", "fresh", "quiet1", "quiet2"], rows.Keys.Order());
        Assert.All(rows.Values, m => Assert.True(m.Success));
        double Minutes(string subreddit, string field) => double.Parse(rows[subreddit].Groups[field].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(("400", "alone"), (rows["busy"].Groups["rate"].Value, rows["busy"].Groups["read"].Value));
        Assert.Equal("group 1 (2)", rows["quiet1"].Groups["read"].Value);
        Assert.Equal("group 1 (2)", rows["quiet2"].Groups["read"].Value);
        Assert.Equal(("?", "alone", true), (rows["fresh"].Groups["rate"].Value, rows["fresh"].Groups["read"].Value, rows["fresh"].Groups["backfill"].Success));
        // Within the longest interval; a post waits half an interval on average.
        Assert.All(rows.Keys, s => Assert.InRange(Minutes(s, "interval"), 1, 60));
        Assert.All(rows.Keys, s => Assert.Equal(Minutes(s, "interval") / 2, Minutes(s, "lag"), 0.1));
    }
}
