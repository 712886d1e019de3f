using System.Text.Json;
using Scraper.Jobs.OldReddit;
using Scraper.Jobs.Storage;
using Scraper.Tests.Support;
using Scraper.Web.CommandLine;

namespace Scraper.Tests.CommandLine;

/// <summary>export reads the store named by ConnectionStrings:Submissions; the environment variable is
/// process-wide, so these tests run one at a time in their collection.</summary>
[Collection("Environment")]
public class ExportVerbTests : IAsyncLifetime
{
    private readonly TempFolder _folder = TempFolder.Create("export");

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("ConnectionStrings__Submissions", _folder.Submissions);
        try
        {
            using var store = new SqliteStore(_folder.Submissions);
            await store.Submissions.InitializeAsync(CancellationToken.None);
            foreach (var (file, url) in new[]
            {
                ("submission-selfpost-r-china_irl-z0oio5.html", "https://old.reddit.com/r/China_irl/comments/z0oio5/"),
                ("submission-link-r-games-1lqa2hj-prettified.html", "https://old.reddit.com/r/Games/comments/1lqa2hj/"),
                ("submission-link-r-china_irl-z2bhbm.html", "https://old.reddit.com/r/China_irl/comments/z2bhbm/"),
            })
            {
                var page = SubmissionPageParser.Parse(Fixtures.Read(file), new Uri(url)).Page!;
                await store.Submissions.UpsertAsync(new StoredSubmission(page, new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero)), CancellationToken.None);
            }
        }
        catch
        {
            // xunit does not call DisposeAsync when InitializeAsync throws.
            await DisposeAsync();
            throw;
        }
    }

    public Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("ConnectionStrings__Submissions", null);
        _folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Export_JsonLines_WritesEveryStoredSubmissionOldestFirst()
    {
        var (exitCode, output) = await RunAsync("export");

        Assert.Equal(0, exitCode);
        var rows = output.TrimEnd().Split('\n').Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(["z0oio5", "z2bhbm", "1lqa2hj"], rows.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal("越南数字威权主义的悄然演变", rows[0].GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Null, rows[2].GetProperty("author").ValueKind);
    }

    [Fact]
    public async Task Export_SubredditAndSince_FilterTheRows()
    {
        var (_, output) = await RunAsync("export", "--subreddit", "china_irl", "--since", "2022-11-22T00:00:00Z");

        var ids = output.TrimEnd().Split('\n').Select(line => JsonDocument.Parse(line).RootElement.GetProperty("id").GetString());
        Assert.Equal(["z2bhbm"], ids);
    }

    [Fact]
    public async Task Export_Csv_QuotesFieldsWithCommasQuotesAndLineBreaks()
    {
        var (exitCode, output) = await RunAsync("export", "--format", "csv", "--subreddit", "China_irl");

        Assert.Equal(0, exitCode);
        Assert.StartsWith("id,subreddit,title,author,created_utc,", output, StringComparison.Ordinal);
        // The self post's text has line breaks: the field is quoted, so it still parses as one record.
        Assert.Contains(",\"11月4日，", output, StringComparison.Ordinal);
        Assert.Contains("z2bhbm,China_irl,", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await Verbs.InvokeAsync(args, output, error);
        Assert.Equal(string.Empty, error.ToString());
        return (exitCode, output.ToString());
    }
}
