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

    [Fact]
    public async Task Export_Pushshift_WritesTheDumpsFieldNamesAndTypesSortedByCreation()
    {
        var (exitCode, output) = await RunAsync("export", "--format", "pushshift");

        Assert.Equal(0, exitCode);
        var rows = output.TrimEnd().Split('\n').Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(["z0oio5", "z2bhbm", "1lqa2hj"], rows.Select(r => r.GetProperty("id").GetString()));
        var created = rows.Select(r => r.GetProperty("created_utc").GetInt64()).ToList();
        Assert.Equal(created.Order(), created);
        var games = rows[2];
        Assert.Equal("t3_1lqa2hj", games.GetProperty("name").GetString());
        Assert.Equal("Games", games.GetProperty("subreddit").GetString());
        // Deleted account: the dumps' "[deleted]", not null.
        Assert.Equal("[deleted]", games.GetProperty("author").GetString());
        Assert.StartsWith("/r/Games/comments/1lqa2hj/", games.GetProperty("permalink").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.False, games.GetProperty("is_self").ValueKind);
        Assert.Equal(JsonValueKind.False, games.GetProperty("edited").ValueKind);
        Assert.Equal(JsonValueKind.Number, games.GetProperty("score").ValueKind);
        Assert.Equal(JsonValueKind.Number, games.GetProperty("num_comments").ValueKind);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), games.GetProperty("retrieved_on").GetInt64());
        Assert.Equal(JsonValueKind.Null, games.GetProperty("removed_by_category").ValueKind);
        Assert.False(games.TryGetProperty("_meta", out _));
        foreach (var field in new[] { "title", "selftext", "url", "domain", "over_18", "spoiler", "stickied", "locked", "upvote_ratio", "link_flair_text", "author_flair_text" })
        {
            Assert.True(games.TryGetProperty(field, out _), field + " is missing");
        }
    }

    [Fact]
    public async Task Export_PushshiftAfterALaterVisitThatSawADeletion_CarriesItsValuesAndArcticShiftsMeta()
    {
        var first = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        var later = first.AddDays(1);
        using (var store = new SqliteStore(_folder.Submissions))
        {
            var page = SubmissionPageParser.Parse(Fixtures.Read("submission-link-r-china_irl-z2bhbm.html"), new Uri("https://old.reddit.com/r/China_irl/comments/z2bhbm/")).Page!;
            var gone = page with { RemovalState = RemovalState.Deleted, Submission = page.Submission with { Score = 999, Author = null } };
            await store.Submissions.UpsertAsync(new StoredSubmission(gone, later), RecordPolicy.Default, CancellationToken.None);
        }

        var (_, output) = await RunAsync("export", "--format", "pushshift", "--subreddit", "China_irl");

        var row = output.TrimEnd().Split('\n').Select(line => JsonDocument.Parse(line).RootElement).Single(r => r.GetProperty("id").GetString() == "z2bhbm");
        Assert.Equal(999, row.GetProperty("score").GetInt64());
        Assert.Equal(first.ToUnixTimeSeconds(), row.GetProperty("retrieved_on").GetInt64());
        Assert.Equal("deleted", row.GetProperty("removed_by_category").GetString());
        // The author seen before the deletion is kept (Scraper:KeepDeletedContent), as Arctic Shift keeps it.
        Assert.NotEqual("[deleted]", row.GetProperty("author").GetString());
        var meta = row.GetProperty("_meta");
        Assert.Equal(later.ToUnixTimeSeconds(), meta.GetProperty("retrieved_2nd_on").GetInt64());
        Assert.Equal("deleted", meta.GetProperty("removal_type").GetString());
        Assert.True(meta.GetProperty("was_deleted_later").GetBoolean());
    }

    [Fact]
    public async Task Export_PushshiftZstd_ReadsBackTheWayTheCommunitysScriptsReadTheDumps()
    {
        var submissions = Path.Combine(_folder.Path, "RS_scraper.zst");
        var comments = Path.Combine(_folder.Path, "RC_scraper.zst");

        Assert.Equal(0, (await RunAsync("export", "--format", "pushshift", "--output", submissions, "--zstd")).ExitCode);
        Assert.Equal(0, (await RunAsync("export", "--format", "pushshift", "--comments", "--output", comments, "--zstd")).ExitCode);

        var posts = DumpReader.Read(submissions);
        Assert.Equal(["z0oio5", "z2bhbm", "1lqa2hj"], posts.Select(p => p.GetProperty("id").GetString()));
        Assert.All(posts, p => Assert.True(DumpReader.CreatedUtc(p) > 1_600_000_000));
        Assert.False(File.Exists(submissions + ".part"));
        var replies = DumpReader.Read(comments);
        using var store = new SqliteStore(_folder.Submissions);
        long stored = 0;
        await foreach (var _ in store.Submissions.ExportCommentsAsync(null, null, CancellationToken.None))
        {
            stored++;
        }

        Assert.Equal(stored, replies.Count);
        Assert.All(replies, c => Assert.StartsWith("t3_", c.GetProperty("link_id").GetString(), StringComparison.Ordinal));
        var created = replies.Select(DumpReader.CreatedUtc).ToList();
        Assert.Equal(created.Order(), created);
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
