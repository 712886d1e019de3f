using Microsoft.Extensions.Time.Testing;
using Scraper.Jobs.OldReddit;
using Scraper.Simulator;

namespace Scraper.Tests.Simulator;

/// <summary>A world of thousands of subreddits whose posting rates follow Zipf's law: the rates, the history each
/// starts with, the arrivals as the clock runs (one timer for all), bursts and surges. The bounds are five
/// standard deviations of a Poisson count wide: a seed is fixed, but any seed would pass.</summary>
public class ZipfWorldTests
{
    private static readonly DateTimeOffset Start = SimulatorHarness.Start;
    private static readonly Uri Site = new("http://x/");

    [Fact]
    public void ZipfWorld_Rates_AreHeavyTailedAndSumToTheTotal()
    {
        var world = new SimulatedWorld(seed: 3, new FakeTimeProvider(Start));

        var names = world.AddZipfSubreddits(2000, totalPostsPerHour: 2000, history: TimeSpan.Zero);

        var rates = names.Select(world.PostingRate).OrderDescending().ToList();
        Assert.Equal(2000, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(names.Order(StringComparer.Ordinal), world.Subreddits);
        Assert.Equal(2000, rates.Sum(), precision: 6);
        Assert.Equal(world.PostingRates.Values.OrderDescending(), rates);
        // Zipf with s = 1 over 2000 ranks: the busiest posts ~1000 times as often as the median, and the busiest
        // 1% make ~44% of all posts.
        Assert.True(rates[0] > 500 * rates[1000], "top " + rates[0] + " vs median " + rates[1000]);
        Assert.True(rates.Take(20).Sum() > 0.4 * 2000, "the top 20 post " + rates.Take(20).Sum() + " an hour");
        Assert.Equal(rates[0] / 2, rates[1], precision: 6);
        // The ranks are shuffled over the names: a name's number says nothing of its rate.
        Assert.NotEqual(rates[0], world.PostingRate(names[0]));
    }

    [Fact]
    public void ZipfWorld_ExponentZero_GivesEveryoneTheSameRate()
    {
        var world = new SimulatedWorld(seed: 3, new FakeTimeProvider(Start));

        var names = world.AddZipfSubreddits(50, totalPostsPerHour: 100, exponent: 0, prefix: "flat", history: TimeSpan.Zero);

        Assert.All(names, n => Assert.Equal(2, world.PostingRate(n), precision: 9));
        Assert.Equal("flat0000", names[0]);
    }

    [Fact]
    public void ZipfWorld_History_GoesBackAtEachSubredditsRateWithIdsGrowingWithTime()
    {
        var world = new SimulatedWorld(seed: 4, new FakeTimeProvider(Start));

        var names = world.AddZipfSubreddits(1000, totalPostsPerHour: 1000, history: TimeSpan.FromHours(6), maxHistoryPosts: 500);

        var busiest = names.MaxBy(world.PostingRate)!;
        var rate = world.PostingRate(busiest);
        var lastHour = world.AllIds(busiest).Count(id => Created(world, id) >= Start.AddHours(-1));
        Assert.InRange(lastHour, rate - (5 * Math.Sqrt(rate)), rate + (5 * Math.Sqrt(rate)));
        Assert.Equal(500, world.AllIds(busiest).Count);
        Assert.All(names, n => Assert.InRange(world.AllIds(n).Count, 1, 500));

        // Below the cap, six hours of history is six hours of each rate: summed over the quiet half, a loose bound.
        var quiet = names.Where(n => world.PostingRate(n) * 6 < 50).ToList();
        var expected = quiet.Sum(n => world.PostingRate(n) * 6);
        var inWindow = quiet.Sum(n => world.AllIds(n).Count(id => Created(world, id) >= Start.AddHours(-6)));
        Assert.InRange(inWindow, expected - (5 * Math.Sqrt(expected)), expected + (5 * Math.Sqrt(expected)));

        // reddit's ids are one sequence in time: across all the subreddits, a later post has a larger id.
        var all = names.SelectMany(world.AllIds).Select(id => world.Expected(id, Site)).ToList();
        var byTime = all.OrderBy(s => s.CreatedUtc).Select(s => s.CreatedUtc!.Value);
        var byId = all.OrderBy(s => s.Id.Length).ThenBy(s => s.Id, StringComparer.Ordinal).Select(s => s.CreatedUtc!.Value);
        Assert.Equal(byTime, byId);
        Assert.All(all, s => Assert.True(s.CreatedUtc <= Start));
    }

    [Fact]
    public void ZipfWorld_ArrivalsOverAnHour_LandNearTheConfiguredRates()
    {
        var time = new FakeTimeProvider(Start);
        var world = new SimulatedWorld(seed: 5, time);
        var names = world.AddZipfSubreddits(1000, totalPostsPerHour: 3000, history: TimeSpan.Zero);
        var before = names.ToDictionary(n => n, n => world.AllIds(n).Count);

        using (world.StartArrivals())
        {
            time.Advance(TimeSpan.FromHours(1));
        }

        var arrived = names.ToDictionary(n => n, n => world.AllIds(n).Count - before[n]);
        var total = arrived.Values.Sum();
        Assert.InRange(total, 3000 - (5 * Math.Sqrt(3000)), 3000 + (5 * Math.Sqrt(3000)));
        foreach (var name in names.OrderByDescending(world.PostingRate).Take(10))
        {
            var rate = world.PostingRate(name);
            Assert.InRange(arrived[name], rate - (5 * Math.Sqrt(rate)) - 1, rate + (5 * Math.Sqrt(rate)) + 1);
        }

        // The tail posts at its rates too: the 500 quietest together.
        var tail = names.OrderBy(world.PostingRate).Take(500).ToList();
        var tailRate = tail.Sum(world.PostingRate);
        Assert.InRange(tail.Sum(n => arrived[n]), tailRate - (5 * Math.Sqrt(tailRate)), tailRate + (5 * Math.Sqrt(tailRate)));

        // Each arrival is created at its own moment within the hour, so the hour's posts are spread over it.
        var created = names.SelectMany(n => world.AllIds(n).Take(arrived[n])).Select(id => Created(world, id)).ToList();
        Assert.All(created, c => Assert.InRange(c, Start, Start.AddHours(1)));
        Assert.InRange(created.Count(c => c < Start.AddMinutes(30)), total * 0.4, total * 0.6);
    }

    [Fact]
    public void ZipfWorld_Arrivals_AreTheSameForTheSameSeedWhateverTheTick()
    {
        string Run(TimeSpan tick, int seed)
        {
            var time = new FakeTimeProvider(Start);
            var world = new SimulatedWorld(seed, time);
            var names = world.AddZipfSubreddits(300, totalPostsPerHour: 600, history: TimeSpan.FromHours(1));
            using (world.StartArrivals(tick))
            {
                time.Advance(TimeSpan.FromHours(1));
            }

            return string.Join(
                "\n", names.Select(n => n + ":" + string.Join(",", world.AllIds(n).Select(id => id + "@" + Created(world, id).ToUnixTimeSeconds()))));
        }

        var everySecond = Run(TimeSpan.FromSeconds(1), seed: 8);

        Assert.Equal(everySecond, Run(TimeSpan.FromMinutes(6), seed: 8));
        Assert.NotEqual(everySecond, Run(TimeSpan.FromSeconds(1), seed: 9));
    }

    [Fact]
    public void ZipfWorld_ArrivalTimerDisposed_StopsTheArrivalsAndStartingAgainGoesOn()
    {
        var time = new FakeTimeProvider(Start);
        var world = new SimulatedWorld(seed: 6, time);
        var names = world.AddZipfSubreddits(100, totalPostsPerHour: 600, history: TimeSpan.Zero);
        int Total() => names.Sum(n => world.AllIds(n).Count);

        var timer = world.StartArrivals();
        Assert.Throws<InvalidOperationException>(() => world.StartArrivals());
        time.Advance(TimeSpan.FromMinutes(10));
        timer.Dispose();
        var stopped = Total();
        time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(stopped, Total());
        using (world.StartArrivals())
        {
            time.Advance(TimeSpan.FromMinutes(10));
        }

        // Ten minutes at 600 an hour, with nothing piled up from the hour stopped.
        Assert.InRange(Total() - stopped, 100 - (5 * 10), 100 + (5 * 10));
    }

    [Fact]
    public void Burst_AddsThePostsAtOnce()
    {
        var time = new FakeTimeProvider(Start);
        var world = new SimulatedWorld(seed: 7, time);
        var names = world.AddZipfSubreddits(200, totalPostsPerHour: 200, history: TimeSpan.FromHours(2));
        var quiet = names.MinBy(world.PostingRate)!;
        var before = world.ListedIds(quiet);
        time.Advance(TimeSpan.FromMinutes(5));

        var burst = world.Burst(quiet, 40);

        Assert.Equal(40, burst.Count);
        Assert.Equal(before.Count + 40, world.ListedIds(quiet).Count);
        Assert.Equal(burst.Reverse(), world.ListedIds(quiet).Take(40));
        Assert.All(burst, id => Assert.Equal(Start.AddMinutes(5), Created(world, id)));
        Assert.All(burst, id => Assert.Equal(quiet, world.Expected(id, Site).Subreddit));
    }

    [Fact]
    public void Surge_MultipliesTheRateForItsDurationThenItIsBackToNormal()
    {
        var time = new FakeTimeProvider(Start);
        var world = new SimulatedWorld(seed: 8, time);
        world.AddSubreddit("viral", 5);
        world.SetPostingRate("viral", 40);
        int Count() => world.AllIds("viral").Count;

        using (world.StartArrivals())
        {
            world.Surge("viral", 10, TimeSpan.FromMinutes(30));
            time.Advance(TimeSpan.FromMinutes(30));
            var during = Count() - 5;
            time.Advance(TimeSpan.FromHours(2));
            var after = Count() - 5 - during;

            // 30 minutes at 400 an hour, then two hours at 40.
            Assert.InRange(during, 200 - (5 * Math.Sqrt(200)), 200 + (5 * Math.Sqrt(200)));
            Assert.InRange(after, 80 - (5 * Math.Sqrt(80)), 80 + (5 * Math.Sqrt(80)));
        }

        Assert.Equal(40, world.PostingRate("viral"));
    }

    [Fact]
    public async Task ZipfWorld_CombinedListingOfAHundredMembers_ListsTheirNewestPostsEachNamingItsSubreddit()
    {
        var time = new FakeTimeProvider(Start);
        var world = new SimulatedWorld(seed: 9, time) { ShowAds = false };
        var names = world.AddZipfSubreddits(3000, totalPostsPerHour: 3000, history: TimeSpan.FromHours(3), maxHistoryPosts: 300);
        using (world.StartArrivals())
        {
            time.Advance(TimeSpan.FromMinutes(20));
        }

        await using var reddit = await SimulatedReddit.StartAsync(world);
        using var client = new SimulatorClient(reddit);
        var members = names.Where((_, i) => i % 30 == 0).ToList();

        var result = await client.ListingAsync("r/" + string.Join('+', members) + "/new/?limit=100");

        Assert.Equal(PageKind.Listing, result.Kind);
        var expected = members.SelectMany(world.ListedIds).Select(id => world.Expected(id, reddit.BaseUrl))
            .OrderByDescending(s => s.CreatedUtc).ThenByDescending(s => s.Id.Length).ThenByDescending(s => s.Id, StringComparer.Ordinal)
            .Take(100).ToList();
        Assert.Equal(expected, result.Page!.Submissions);
        Assert.All(result.Page.Submissions, s => Assert.Contains(s.Subreddit, members));
    }

    private static DateTimeOffset Created(SimulatedWorld world, string id) => world.Expected(id, Site).CreatedUtc!.Value;
}
