using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Options;
using Scraper.Jobs.Discovery;
using Scraper.Simulator;
using Scraper.Tests.Support;
using Scraper.Web.Hosting;

namespace Scraper.Tests.Pipeline;

/// <summary>The recurring schedule and the one-run-at-a-time rule.</summary>
[Collection("Pipeline")]
public class ScheduleTests
{
    [Fact]
    public async Task Start_ConfiguredSubreddits_RegistersThePlanAloneRemovesOldPerSubredditJobsAndDroppedTroubles()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var reddit = await SimulatedReddit.StartAsync(new SimulatedWorld());
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis.ConnectionString };

        await using (var first = await PipelineHost.StartAsync(reddit.BaseUrl, ["python", "rstats"], settings))
        {
            Assert.Equal([ScheduleRegistration.PlanId], RecurringIds(first));
            // r/python does not exist in this world: it is in trouble.
            await first.DiscoverAndDrainAsync(["python"]);
            Assert.Equal(["python"], first.Get<SubredditTroubles>().All().Keys);
            // An earlier version's job of its own for a subreddit.
            first.Get<IRecurringJobManager>().AddOrUpdate<DiscoveryJob>(
                "discover:rstats", j => j.DiscoverAsync("rstats", null, CancellationToken.None), "*/5 * * * *");
        }

        // The same storage, restarted with r/python dropped and r/Games added: its trouble goes with it.
        await using var second = await PipelineHost.StartAsync(reddit.BaseUrl, ["rstats", "Games"], settings);
        Assert.Equal([ScheduleRegistration.PlanId], RecurringIds(second));
        Assert.Empty(second.Get<SubredditTroubles>().All());
        Assert.Equal("0 0 1 1 *", Recurring(second).Single().Cron);
    }

    [Fact]
    public async Task Discover_TwoRunsOfOneSubredditAtOnce_OnlyOneReadsTheListing()
    {
        var world = new SimulatedWorld(seed: 31) { ShowAds = false };
        world.AddSubreddit("solo", 30, TimeSpan.FromDays(1));
        await using var reddit = await SimulatedReddit.StartAsync(world);
        // The first run holds the lock while its listing page is slow to come.
        reddit.Faults.Next(Fault.Slow(TimeSpan.FromSeconds(3)), route: RouteKind.Listing);
        await using var pipeline = await PipelineHost.StartAsync(reddit.BaseUrl, ["solo"]);

        await pipeline.DiscoverAndDrainAsync(["solo", "solo"]);

        Assert.Equal(1, reddit.Requests.Count(RouteKind.Listing));
        Assert.Equal(30, await pipeline.Store.CountAsync("solo", CancellationToken.None));
        Assert.Equal(0, pipeline.Failed);
    }

    [Theory]
    [InlineData("Scraper:Subreddits", "python,not a name", "Scraper:Subreddits")]
    [InlineData("Scraper:Schedule", "every five minutes", "Scraper:Schedule")]
    [InlineData("Scraper:MaxPagesPerRun", "50", "MaxPagesPerRun")]
    [InlineData("Scraper:Role", "boss", "Scraper:Role")]
    [InlineData("Scraper:SubredditsFile", "/nonexistent/subreddits.txt", "Scraper:SubredditsFile")]
    public async Task Start_InvalidSetting_StopsTheAppNamingTheKey(string key, string value, string named)
    {
        await using var reddit = await SimulatedReddit.StartAsync(new SimulatedWorld());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            PipelineHost.StartAsync(reddit.BaseUrl, ["python"], new() { [key] = value }));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_SubredditsFile_AddsItsNamesToTheConfiguredOnes()
    {
        using var folder = TempFolder.Create("subreddits-file");
        var file = folder.PathOf("subreddits.txt");
        await File.WriteAllLinesAsync(file, ["# the archive's list", "AskHistorians", "", "  de  ", "rust, golang"]);
        await using var reddit = await SimulatedReddit.StartAsync(new SimulatedWorld());

        await using var pipeline = await PipelineHost.StartAsync(reddit.BaseUrl, ["python"], new() { ["Scraper:SubredditsFile"] = file });

        Assert.Equal(["python", "AskHistorians", "de", "rust", "golang"], pipeline.Get<IOptions<ScraperOptions>>().Value.Subreddits);
    }

    [Fact]
    public async Task Start_SubredditsAsACommaSeparatedString_BindsEachName()
    {
        await using var reddit = await SimulatedReddit.StartAsync(new SimulatedWorld());
        await using var pipeline = await PipelineHost.StartAsync(reddit.BaseUrl, ["python", "rstats", "Games"]);

        Assert.Equal(["python", "rstats", "Games"], pipeline.Get<IOptions<ScraperOptions>>().Value.Subreddits);
    }

    [Fact]
    public async Task Start_OneSubredditAsAString_BindsItAndRegistersThePlan()
    {
        await using var reddit = await SimulatedReddit.StartAsync(new SimulatedWorld());
        await using var pipeline = await PipelineHost.StartAsync(reddit.BaseUrl, ["python"]);

        Assert.Equal(["python"], pipeline.Get<IOptions<ScraperOptions>>().Value.Subreddits);
        Assert.Equal([ScheduleRegistration.PlanId], RecurringIds(pipeline));
    }

    [Fact]
    public async Task Start_QueuesConfigured_TheServerListensOnlyOnThose()
    {
        await using var reddit = await SimulatedReddit.StartAsync(new SimulatedWorld());
        await using var pipeline = await PipelineHost.StartAsync(reddit.BaseUrl, ["python"], new() { ["Scraper:Queues:0"] = "scrape" });
        var monitoring = pipeline.Get<JobStorage>().GetMonitoringApi();

        await Poll.UntilAsync(() => monitoring.Servers().Count > 0, TimeSpan.FromSeconds(30), () => "no Hangfire server started", TimeSpan.FromMilliseconds(20));

        Assert.Equal(["scrape"], Assert.Single(monitoring.Servers()).Queues);
    }

    private static List<RecurringJobDto> Recurring(PipelineHost host)
    {
        using var connection = host.Get<JobStorage>().GetConnection();
        return connection.GetRecurringJobs();
    }

    private static List<string> RecurringIds(PipelineHost host) =>
        [.. Recurring(host).Select(j => j.Id).Order(StringComparer.Ordinal)];
}
