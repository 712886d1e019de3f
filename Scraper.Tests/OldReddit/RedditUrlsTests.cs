using Scraper.Jobs.OldReddit;

namespace Scraper.Tests.OldReddit;

public class RedditUrlsTests
{
    private static readonly Uri OldReddit = new("https://old.reddit.com/");

    [Fact]
    public void NewListing_FirstPage_AsksForTheLargestPage()
    {
        Assert.Equal(
            "https://old.reddit.com/r/Python/new/?limit=100",
            RedditUrls.NewListing(OldReddit, "Python").AbsoluteUri);
    }

    [Fact]
    public void NewListing_LaterPage_CarriesCountAndAfterAsRedditsNextLinksDo()
    {
        var url = RedditUrls.NewListing(OldReddit, "rstats", limit: 25, after: "t3_11yjjum", count: 25);

        Assert.Equal("https://old.reddit.com/r/rstats/new/?limit=25&count=25&after=t3_11yjjum", url.AbsoluteUri);
        Assert.Equal("t3_11yjjum", HtmlText.QueryParameter(url, "after"));
    }

    [Fact]
    public void NewListing_SimulatorBase_KeepsItsPort()
    {
        var url = RedditUrls.NewListing(new Uri("http://127.0.0.1:5123/"), "test_sub");

        Assert.Equal("http://127.0.0.1:5123/r/test_sub/new/?limit=100", url.AbsoluteUri);
    }

    [Fact]
    public void Submission_IdAndSubreddit_GiveTheCommentsPageWithoutSlug()
    {
        Assert.Equal(
            "https://old.reddit.com/r/China_irl/comments/z0oio5/",
            RedditUrls.Submission(OldReddit, "China_irl", "z0oio5").AbsoluteUri);
    }

    [Theory]
    [InlineData("Python", true)]
    [InlineData("China_irl", true)]
    [InlineData("de", true)]
    [InlineData("abcdefghijklmnopqrstu", true)]
    [InlineData("abcdefghijklmnopqrstuv", false)]
    [InlineData("_hidden", false)]
    [InlineData("a", false)]
    [InlineData("r/python", false)]
    [InlineData("py-thon", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsValidSubredditName_FollowsRedditsRules(string? name, bool valid)
    {
        Assert.Equal(valid, RedditUrls.IsValidSubredditName(name));
    }

    [Theory]
    [InlineData("../admin")]
    [InlineData("py thon")]
    public void NewListing_InvalidName_IsRejectedBeforeAnyRequest(string name)
    {
        Assert.Throws<ArgumentException>(() => RedditUrls.NewListing(OldReddit, name));
    }

    [Theory]
    [InlineData("1g5l7cb", true)]
    [InlineData("Z0oio5", false)]
    [InlineData("t3_z0oio5", false)]
    public void IsValidId_AcceptsOnlyLowerCaseBase36(string id, bool valid)
    {
        Assert.Equal(valid, RedditUrls.IsValidId(id));
    }
}
