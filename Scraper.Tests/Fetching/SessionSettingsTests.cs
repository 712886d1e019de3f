using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Scraper.Jobs.Fetching;
using Scraper.Tests.Support;

namespace Scraper.Tests.Fetching;

/// <summary><c>Reddit:SessionCookie</c> and <c>Reddit:SessionCookieFile</c>: how the session becomes the Cookie
/// header, what a bad setting says (never the secret), and the expiry a JWT session carries.</summary>
public sealed class SessionSettingsTests : IDisposable
{
    private const string Agent = "linux:scraper-tests:1.0 (by /u/scraper_ci)";
    private const string Secret = "s3cr3t-session-value-0042";

    private readonly TempFolder _temp = TempFolder.Create("session-settings");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Session_NotConfigured_SendsOnlyTheOver18Cookie()
    {
        var options = Resolve(new());

        Assert.False(options.HasSession);
        Assert.Equal("over18=1", options.CookieHeader);
    }

    [Fact]
    public void Session_ABareValue_IsSentAsTheRedditSessionCookie()
    {
        var options = Resolve(new() { ["Reddit:SessionCookie"] = Secret });

        Assert.True(options.HasSession);
        Assert.Equal("over18=1; reddit_session=" + Secret, options.CookieHeader);
    }

    [Fact]
    public void Session_AWholeCookieString_IsSentAsWritten()
    {
        var options = Resolve(new() { ["Reddit:SessionCookie"] = "reddit_session=" + Secret + "; token_v2=abc" });

        Assert.Equal("over18=1; reddit_session=" + Secret + "; token_v2=abc", options.CookieHeader);
    }

    [Fact]
    public void SessionFile_HoldingTheValueAndANewline_IsReadTrimmed()
    {
        var file = _temp.PathOf("reddit_session");
        File.WriteAllText(file, Secret + "\n");

        var options = Resolve(new() { ["Reddit:SessionCookieFile"] = file });

        Assert.Equal("over18=1; reddit_session=" + Secret, options.CookieHeader);
    }

    [Fact]
    public void SessionFile_Missing_FailsNamingTheKeyAndTheFile()
    {
        var file = _temp.PathOf("nowhere");

        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Reddit:SessionCookieFile"] = file }));

        Assert.Contains("Reddit:SessionCookieFile", error.Message, StringComparison.Ordinal);
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Session_BothTheValueAndTheFile_FailsWithoutQuotingTheSecret()
    {
        var file = _temp.PathOf("reddit_session");
        File.WriteAllText(file, Secret);

        var error = Assert.Throws<OptionsValidationException>(() =>
            Resolve(new() { ["Reddit:SessionCookie"] = Secret, ["Reddit:SessionCookieFile"] = file }));

        Assert.Contains("Reddit:SessionCookie and Reddit:SessionCookieFile", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Session_ALineBreakInside_FailsWithoutQuotingTheSecret()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Reddit:SessionCookie"] = Secret + "\nx" }));

        Assert.Contains("Reddit:SessionCookie must be one line", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expiry_AJwtSession_IsItsExpClaim()
    {
        var jwt = Jwt("{\"sub\":\"t2_abc\",\"exp\":1798761600,\"iat\":1780000000}");

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1798761600), SessionExpiry.Read("reddit_session=" + jwt));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1798761600), Resolve(new() { ["Reddit:SessionCookie"] = jwt }).SessionExpires);
    }

    [Theory]
    [InlineData("reddit_session=" + Secret)]
    [InlineData("reddit_session=a.b.c")]
    [InlineData("token_v2=x")]
    [InlineData("")]
    public void Expiry_NotAJwtOrNoSessionCookie_IsUnknown(string cookies) => Assert.Null(SessionExpiry.Read(cookies));

    [Fact]
    public void Expiry_AJwtWithoutExp_IsUnknown() => Assert.Null(SessionExpiry.Read("reddit_session=" + Jwt("{\"sub\":\"t2_abc\"}")));

    private static string Jwt(string payload) =>
        string.Join('.', Base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"), Base64Url(payload), Base64Url("signature"));

    private static string Base64Url(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static RedditOptions Resolve(Dictionary<string, string?> settings)
    {
        settings.TryAdd("Reddit:UserAgent", Agent);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddRedditClient();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<RedditOptions>>().Value;
    }
}
