using Scraper.Tests.Support;

namespace Scraper.Tests.Deploy;

/// <summary>.dockerignore keeps build and test output, version control, local databases and secrets out of the
/// build context (and so out of any image), and leaves in what the Dockerfile copies.</summary>
public class DockerIgnoreTests
{
    private static readonly DockerIgnore Rules = DockerIgnore.Read(Repository.PathOf(".dockerignore"));

    [Theory]
    [InlineData("Scraper.Web/bin/Release/net10.0/Scraper.Web.dll")]
    [InlineData("Scraper.Jobs/obj/project.assets.json")]
    [InlineData("bin/Debug/x.dll")]
    [InlineData("Scraper.Tests/TestResults/run.trx")]
    [InlineData("BenchmarkDotNet.Artifacts/results/report.md")]
    [InlineData(".git")]
    [InlineData(".git/HEAD")]
    [InlineData("scraper.db")]
    [InlineData("Scraper.Web/scraper.db")]
    [InlineData("Scraper.Web/scraper.db-wal")]
    [InlineData(".env")]
    [InlineData(".env.production")]
    [InlineData(".env.example")]
    [InlineData("deploy/.env")]
    [InlineData("deploy/certificate.pfx")]
    public void DockerIgnore_OutputVersionControlDatabasesAndSecrets_StayOutOfTheContext(string path) =>
        Assert.True(Rules.Excludes(path), path + " would be sent to the Docker build.");

    [Theory]
    [InlineData("global.json")]
    [InlineData("Directory.Build.props")]
    [InlineData("Directory.Packages.props")]
    [InlineData("Scraper.Web/Scraper.Web.csproj")]
    [InlineData("Scraper.Web/appsettings.json")]
    [InlineData("Scraper.Jobs/OldReddit/Markup.cs")]
    [InlineData("testdata/oldreddit/listing-r-python-hot-2024.html")]
    [InlineData("deploy/Dockerfile")]
    public void DockerIgnore_SourcesAndProjectFiles_AreInTheContext(string path) =>
        Assert.False(Rules.Excludes(path), path + " is left out of the Docker build.");

    [Theory]
    [InlineData("**/bin/", "a/b/bin/c.dll", true)]
    [InlineData("**/bin/", "bin", true)]
    [InlineData("**/bin/", "binary/c.dll", false)]
    [InlineData("*.md", "README.md", true)]
    [InlineData("*.md", "docs/metrics.md", false)]
    [InlineData("/docs", "docs/metrics.md", true)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "a/c", false)]
    public void DockerIgnore_Patterns_MatchAsDockerMatchesThem(string pattern, string path, bool excluded) =>
        Assert.Equal(excluded, DockerIgnore.Parse([pattern]).Excludes(path));

    [Fact]
    public void DockerIgnore_LaterNegation_TakesAPathBackIn()
    {
        var rules = DockerIgnore.Parse(["# comment", "**/*.db", "!keep.db"]);

        Assert.True(rules.Excludes("data/x.db"));
        Assert.False(rules.Excludes("keep.db"));
    }
}
