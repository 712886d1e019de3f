using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Scraper.Jobs.Fetching;

namespace Scraper.Tests.Fetching;

public class RedditOptionsTests
{
    private const string GoodAgent = "linux:scraper-tests:1.0 (by /u/scraper_ci)";

    [Fact]
    public void AddRedditClient_ValidSettings_BindsThemFromTheRedditSection()
    {
        var options = Resolve(new()
        {
            ["Reddit:BaseUrl"] = "http://127.0.0.1:5999/",
            ["Reddit:UserAgent"] = GoodAgent,
            ["Reddit:RequestsPerMinute"] = "120",
        });

        Assert.Equal(new Uri("http://127.0.0.1:5999/"), options.BaseUrl);
        Assert.Equal(120, options.RequestsPerMinute);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Timeout);
    }

    [Fact]
    public void AddRedditClient_NoUserAgent_FailsNamingTheKey()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new()));

        Assert.Contains("UserAgent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRedditClient_UserAgentWithoutContact_Fails()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Reddit:UserAgent"] = "scraper" }));

        Assert.Contains("contact", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Reddit:RequestsPerMinute", "0")]
    [InlineData("Reddit:MaxRetries", "50")]
    [InlineData("Reddit:Timeout", "00:00:00")]
    [InlineData("Reddit:BaseUrl", "ftp://old.reddit.com/")]
    public void AddRedditClient_OutOfRangeValue_FailsNamingTheSetting(string key, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            Resolve(new() { ["Reddit:UserAgent"] = GoodAgent, [key] = value }));

        Assert.Contains(key.Split(':')[1], error.Message, StringComparison.Ordinal);
    }

    private static RedditOptions Resolve(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddRedditClient();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<RedditOptions>>().Value;
    }
}
