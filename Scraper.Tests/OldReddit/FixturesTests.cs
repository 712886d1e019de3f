using Scraper.Tests.Support;

namespace Scraper.Tests.OldReddit;

/// <summary>Finding the saved pages: a test that asks for a page the folder lacks is told which page and where.</summary>
public class FixturesTests
{
    private const string Missing = "listing-r-nosuchsub-hot-2099.html";

    [Fact]
    public void Read_PageNotInTheFolder_FailsNamingThePageAndTheFolder()
    {
        var error = Assert.Throws<FileNotFoundException>(() => Fixtures.Read(Missing));

        Assert.Contains(Missing, error.Message, StringComparison.Ordinal);
        Assert.Contains(Fixtures.Directory, error.Message, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(Fixtures.Directory, Missing), error.FileName);
    }
}
