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

    [Theory]
    [InlineData("edge-blocked-network-policy.html", "blocked")]
    [InlineData("edge-network-security-block-2026-www-dom.html", "network_security_block")]
    [InlineData(nameof(DerivedPages.SignInPage), "login_wall")]
    public async Task Parse_NamedOutcomePage_PrintsItsSnakeCaseKindAndExitsZero(string page, string kind)
    {
        var (exitCode, output, _) = await RunOnAsync(DerivedPages.Read(page));

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(kind, json.RootElement.GetProperty("kind").GetString());
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
        var html = Fixtures.Read("listing-r-rstats-hot-2023.html");

        var (exitCode, output, error) = await RunOnAsync(html[..50_000]);

        Assert.Equal(ParseVerb.Unreadable, exitCode);
        Assert.Empty(output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("truncated", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("loggedin-submission-selfpost-r-leagueoflegends-2025-bs4prettified.html", "fleekonpoint")]
    [InlineData("listing-r-rstats-hot-2023.html", null)]
    public async Task Parse_SavedPage_PrintsTheAccountOrNullAsLoggedInAs(string page, string? account)
    {
        var (_, output, _) = await RunAsync("parse", Fixtures.PathOf(page));

        using var json = JsonDocument.Parse(output);
        // GetProperty fails when the name is missing: null is printed, not left out.
        Assert.Equal(account, json.RootElement.GetProperty("logged_in_as").GetString());
    }

    [Fact]
    public async Task Parse_MissingFile_ExitsNonZeroWithAMessage()
    {
        var (exitCode, output, error) = await RunAsync("parse", "/nonexistent/page.html");

        Assert.NotEqual(0, exitCode);
        Assert.Empty(output);
        Assert.Contains("/nonexistent/page.html", error, StringComparison.Ordinal);
    }

    // Pages no fixture holds as they are: written to a file of their own for the verb to read.
    private static async Task<(int ExitCode, string Output, string Error)> RunOnAsync(string html)
    {
        using var folder = TempFolder.Create("page");
        var path = folder.PathOf("page.html");
        await File.WriteAllTextAsync(path, html);
        return await RunAsync("parse", path);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await Verbs.InvokeAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
