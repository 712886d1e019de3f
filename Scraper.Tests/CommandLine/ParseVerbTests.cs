using System.Text.Json;
using Scraper.Tests.Support;
using Scraper.Web.CommandLine;

namespace Scraper.Tests.CommandLine;

public class ParseVerbTests
{
    [Fact]
    public async Task Parse_SavedListing_PrintsSnakeCaseJsonWithEveryThingAndTheNextPage()
    {
        var (exitCode, output, error) = await RunAsync("parse", Fixtures.PathOf("listing-r-rstats-hot-2023.html"));

        Assert.Equal(0, exitCode);
        Assert.Empty(error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("listing", root.GetProperty("kind").GetString());
        Assert.Equal(25, root.GetProperty("submissions").GetArrayLength());
        Assert.Equal("t3_11yjjum", root.GetProperty("after").GetString());
        Assert.Equal("https://old.reddit.com/r/rstats/?count=25&after=t3_11yjjum", root.GetProperty("next_page").GetString());
        var first = root.GetProperty("submissions")[0];
        Assert.Equal("rstats", first.GetProperty("subreddit").GetString());
        Assert.True(first.TryGetProperty("comment_count", out _));
    }

    [Fact]
    public async Task Parse_SavedSubmissionPageWithoutUrl_ChoosesTheSubmissionParser()
    {
        var (exitCode, output, _) = await RunAsync("parse", Fixtures.PathOf("submission-selfpost-r-china_irl-z0oio5.html"));

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("submission", root.GetProperty("kind").GetString());
        Assert.Equal("z0oio5", root.GetProperty("submissions")[0].GetProperty("id").GetString());
        Assert.Equal(0.92, root.GetProperty("page").GetProperty("upvote_ratio").GetDouble());
        Assert.Equal(41, root.GetProperty("page").GetProperty("comment_count_in_header").GetInt32());
    }

    [Fact]
    public async Task Parse_BlockPage_PrintsTheNamedOutcome()
    {
        var (exitCode, output, _) = await RunAsync("parse", Fixtures.PathOf("edge-blocked-network-policy.html"));

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("blocked", json.RootElement.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Parse_UrlOfASubmission_ResolvesRelativeLinksAgainstIt()
    {
        var (_, output, _) = await RunAsync(
            "parse",
            Fixtures.PathOf("submission-selfpost-r-china_irl-z0oio5.html"),
            "--url",
            "http://127.0.0.1:5000/r/China_irl/comments/z0oio5/x/");

        using var json = JsonDocument.Parse(output);
        var permalink = json.RootElement.GetProperty("submissions")[0].GetProperty("permalink").GetString();
        Assert.StartsWith("http://127.0.0.1:5000/r/China_irl/comments/z0oio5/", permalink, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_CutOffPage_WritesOneLineToStderrAndExitsNonZero()
    {
        using var folder = TempFolder.Create("cut");
        var path = folder.PathOf("cut.html");
        var html = Fixtures.Read("listing-r-rstats-hot-2023.html");
        await File.WriteAllTextAsync(path, html[..50_000]);

        var (exitCode, output, error) = await RunAsync("parse", path);

        Assert.Equal(ParseVerb.Unreadable, exitCode);
        Assert.Empty(output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("truncated", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_MissingFile_ExitsNonZeroWithAMessage()
    {
        var (exitCode, output, error) = await RunAsync("parse", "/nonexistent/page.html");

        Assert.NotEqual(0, exitCode);
        Assert.Empty(output);
        Assert.Contains("/nonexistent/page.html", error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await Verbs.InvokeAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
