using System.Diagnostics;
using System.Globalization;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scraper.Jobs.Discovery;
using Scraper.Jobs.Storage;
using Scraper.Simulator;
using Scraper.Tests.Support;

namespace Scraper.Benchmarks.Pipeline;

/// <summary>End to end, not a BenchmarkDotNet benchmark (one run is seconds of many jobs): submissions stored per
/// second against the simulator with no delay and no rate limit, then the requests each new submission costs in
/// steady state. <c>dotnet run -c Release --project Scraper.Benchmarks -- pipeline [redis-connection-string]
/// [--influx url]</c>: with an InfluxDB URL the run also reports metrics there (or tries to, when nothing listens).</summary>
internal static class PipelineThroughput
{
    private const int Subreddits = 5;
    private const int PerSubreddit = 400;
    private const int NewPerSubreddit = 100;

    public static async Task<int> RunAsync(string? redis, string? influx)
    {
        var names = Enumerable.Range(0, Subreddits).Select(i => "bench" + i).ToList();
        var world = new SimulatedWorld(seed: 5) { ShowAds = false };
        names.ForEach(name => world.AddSubreddit(name, PerSubreddit, TimeSpan.FromDays(3)));
        await using var reddit = await SimulatedReddit.StartAsync(world);
        using var folder = TempFolder.Create("bench");

        var settings = PipelineSettings.For(
            reddit.BaseUrl, "bench:scraper:1.0 (by /u/scraper_bench)", names, backfill: TimeSpan.FromDays(7), workers: 20, folder);
        settings["ConnectionStrings:Redis"] = redis ?? string.Empty;
        settings["Influx:Url"] = influx ?? string.Empty;
        settings["Influx:Database"] = "scraper_bench";
        settings["Influx:FlushInterval"] = "00:00:01";
        using var host = PipelineSettings.Build(settings, logging => logging.SetMinimumLevel(LogLevel.Warning));
        await host.StartAsync();
        var store = host.Services.GetRequiredService<ISubmissionStore>();
        try
        {
            var clock = Stopwatch.StartNew();
            await DiscoverAsync(host, store, names, Subreddits * PerSubreddit);
            var seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"storage: {(redis is null ? "in-memory Hangfire, SQLite" : "Redis Hangfire, SQLite")}; metrics to {influx ?? "nowhere"}; {Subreddits * PerSubreddit} submissions in {seconds:F1} s = {Subreddits * PerSubreddit / seconds:F0} submissions/s"));

            names.ForEach(name => world.Post(name, NewPerSubreddit));
            reddit.Requests.Clear();
            await DiscoverAsync(host, store, names, Subreddits * (PerSubreddit + NewPerSubreddit));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"steady state: {reddit.Requests.Total} requests for {Subreddits * NewPerSubreddit} new submissions = {(double)reddit.Requests.Total / (Subreddits * NewPerSubreddit):F3} per new submission"));
            return 0;
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static async Task DiscoverAsync(IHost host, ISubmissionStore store, List<string> names, long expected)
    {
        var jobs = host.Services.GetRequiredService<IBackgroundJobClient>();
        names.ForEach(name => jobs.Enqueue<DiscoveryJob>(j => j.DiscoverAsync(name, null, CancellationToken.None)));
        var stored = 0L;
        await Poll.UntilAsync(
            async () => (stored = await store.CountAsync(null, CancellationToken.None)) >= expected,
            TimeSpan.FromMinutes(30),
            () => "only " + stored + " of " + expected + " submissions stored",
            TimeSpan.FromMilliseconds(10));
    }
}
