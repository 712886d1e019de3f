using Microsoft.Extensions.Time.Testing;
using Scraper.Simulator;

namespace Scraper.Tests.Simulator;

/// <summary>A started simulator with one subreddit, a fake clock and a client: what most tests need. Each test
/// builds its own.</summary>
internal sealed class SimulatorHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 5, 4, 12, 0, 0, TimeSpan.Zero);

    private SimulatorHarness(FakeTimeProvider time, SimulatedWorld world, SimulatedReddit reddit, SimulatorClient client)
    {
        Time = time;
        World = world;
        Reddit = reddit;
        Client = client;
    }

    public FakeTimeProvider Time { get; }

    public SimulatedWorld World { get; }

    public SimulatedReddit Reddit { get; }

    public SimulatorClient Client { get; }

    /// <summary>r/rstats with <paramref name="submissions"/> posts over the past 30 days and no ads, then
    /// <paramref name="arrange"/>'s changes, then the server; the client sends <paramref name="cookie"/> and
    /// <paramref name="clientId"/> (X-Client-Id) where given.</summary>
    public static async Task<SimulatorHarness> StartAsync(
        Action<SimulatedWorld>? arrange = null, int submissions = 30, string? cookie = null, string? clientId = null, int seed = 1)
    {
        var time = new FakeTimeProvider(Start);
        var world = new SimulatedWorld(seed, time) { ShowAds = false };
        world.AddSubreddit("rstats", submissions, TimeSpan.FromDays(30));
        arrange?.Invoke(world);
        var reddit = await SimulatedReddit.StartAsync(world);
        return new SimulatorHarness(time, world, reddit, new SimulatorClient(reddit, cookie, clientId));
    }

    public string PermalinkOf(string id) => World.Expected(id, Reddit.BaseUrl).Permalink.ToString();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Reddit.DisposeAsync();
    }
}
