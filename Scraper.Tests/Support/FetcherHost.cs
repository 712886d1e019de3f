using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Scraper.Jobs.Fetching;

namespace Scraper.Tests.Support;

/// <summary>A <see cref="RedditPages"/> (and its <see cref="RedditClient"/>) registered exactly as the app registers it, pointed at a loopback
/// address, with any settings a test wants on top.</summary>
internal sealed class FetcherHost : IDisposable
{
    public const string UserAgent = "linux:scraper-tests:1.0 (by /u/scraper_ci)";

    private readonly ServiceProvider _provider;

    public FetcherHost(Uri baseUrl, Dictionary<string, string?>? settings = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Reddit:BaseUrl"] = baseUrl.ToString(),
            ["Reddit:UserAgent"] = UserAgent,
            ["Reddit:RequestsPerMinute"] = "6000",
            ["Reddit:RetryBaseDelay"] = "00:00:00.050",
        };
        foreach (var (key, value) in settings ?? [])
        {
            configuration[key] = value;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        services.AddLogging();
        services.AddRedditClient();
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Client = _provider.GetRequiredService<RedditPages>();
    }

    public RedditPages Client { get; }

    public IServiceProvider Services => _provider;

    public void Dispose() => _provider.Dispose();
}
