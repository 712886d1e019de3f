using Scraper.Jobs.Discovery;
using Scraper.Jobs.Storage;

namespace Scraper.Tests.Discovery;

public class DiscoveryPlannerTests
{
    private static readonly TimeSpan Longest = TimeSpan.FromHours(1);

    [Fact]
    public void Plan_ThousandZipfSubreddits_CoversEachOnceWithinTheBudgetAndTheReachMargin()
    {
        var followed = Zipf(1000, postsPerHour: 3000);
        var budget = (3000 / 60.0) * 1.2; // scraping takes 50 a minute of 60

        var plan = DiscoveryPlanner.Plan(followed, budget, Longest, maxGroupPath: 512);

        var covered = plan.Reads.SelectMany(r => r.Members).ToList();
        Assert.Equal(followed.Select(f => f.Name).Order(), covered.Order());
        Assert.False(plan.Overloaded);
        Assert.InRange(plan.ScrapePerMinute + plan.DiscoveryPerMinute, 0, budget);
        Assert.All(plan.Reads, r => Assert.InRange(r.PostsPerRead, 0, DiscoveryPlanner.SafeReachShare * DiscoveryPlanner.Reach));
        Assert.All(plan.Reads, r => Assert.InRange(r.Interval, DiscoveryPlanner.ShortestInterval, Longest));
        Assert.All(plan.Reads.Where(r => r.IsGroup), r => Assert.InRange(DiscoveryPlanner.PathLength(r.Members), 0, 512));
        // Reads spend at most a tenth of what scraping does: about 1.1 requests per new post.
        Assert.InRange(plan.DiscoveryPerMinute, 0, DiscoveryPlanner.DiscoveryShare * plan.ScrapePerMinute * 1.0001);
        Assert.True(plan.Reads.Count < 200, plan.Reads.Count + " reads for 1,000 subreddits");
    }

    [Fact]
    public void Plan_BusySubreddit_IsReadAloneOftenEnoughForTheReach()
    {
        Followed[] followed = [new("busy", 2000, true), new("quiet1", 0.5, true), new("quiet2", 0.2, true)];

        var plan = DiscoveryPlanner.Plan(followed, 100, Longest, 512);

        var busy = Assert.Single(plan.Reads, r => r.Members.Contains("busy"));
        Assert.Equal(["busy"], busy.Members);
        Assert.InRange(busy.Interval, TimeSpan.Zero, TimeSpan.FromHours(250.0 / 2000));
        Assert.Contains(plan.Reads, r => r.Members.Order().SequenceEqual(["quiet1", "quiet2"]));
    }

    [Fact]
    public void Plan_MemberBursts_LeavesItsGroup()
    {
        var calm = Enumerable.Range(0, 20).Select(i => new Followed("s" + i, 1, true)).ToList();
        var before = DiscoveryPlanner.Plan(calm, 30, Longest, 512);
        Assert.Single(before.Reads);

        var bursting = calm.Select(f => f.Name == "s7" ? f with { PostsPerHour = 600 } : f).ToList();
        var after = DiscoveryPlanner.Plan(bursting, 30, Longest, 512);

        Assert.Contains(after.Reads, r => r.Members.SequenceEqual(["s7"]));
        Assert.DoesNotContain(after.Reads, r => r.IsGroup && r.Members.Contains("s7"));
    }

    [Fact]
    public void Plan_SubredditNotBackfilledOrInTrouble_IsReadAlone()
    {
        Followed[] followed = [new("old1", 0.1, true), new("old2", 0.1, true), new("new", 0.1, false)];

        var plan = DiscoveryPlanner.Plan(followed, 30, Longest, 512);

        Assert.Contains(plan.Reads, r => r.Members.SequenceEqual(["new"]));
        Assert.Contains(plan.Reads, r => r.Members.Order().SequenceEqual(["old1", "old2"]));
    }

    [Fact]
    public void Plan_LongNames_GroupsStayWithinThePathBound()
    {
        var followed = Enumerable.Range(0, 30).Select(i => new Followed("subreddit_with_a_long_name_" + i, 0.01, true)).ToList();

        var plan = DiscoveryPlanner.Plan(followed, 30, Longest, maxGroupPath: 200);

        Assert.True(plan.Reads.Count > 1);
        Assert.All(plan.Reads, r => Assert.InRange(DiscoveryPlanner.PathLength(r.Members), 0, 200));
    }

    [Fact]
    public void Plan_BudgetTooSmall_SaysSoAndStretchesWithinTheHardReachMargin()
    {
        var followed = Zipf(1000, postsPerHour: 3000);

        var plan = DiscoveryPlanner.Plan(followed, budgetPerMinute: 50.4, Longest, 512);

        Assert.True(plan.Overloaded);
        Assert.All(plan.Reads, r => Assert.InRange(r.PostsPerRead, 0, DiscoveryPlanner.HardReachShare * DiscoveryPlanner.Reach));
        Assert.Equal(1000, plan.Reads.Sum(r => r.Members.Count));
        var roomy = DiscoveryPlanner.Plan(followed, 60, Longest, 512);
        Assert.True(plan.Reads.Average(r => r.Interval.TotalMinutes) > roomy.Reads.Average(r => r.Interval.TotalMinutes));
    }

    [Fact]
    public void Plan_AmpleBudget_ReadsMoreOftenButSpendsAtMostATenthOfScraping()
    {
        var followed = Zipf(100, postsPerHour: 600);

        var lean = DiscoveryPlanner.Plan(followed, 10.2, Longest, 512);
        var ample = DiscoveryPlanner.Plan(followed, 1000, Longest, 512);

        Assert.InRange(ample.DiscoveryPerMinute, 0, (DiscoveryPlanner.DiscoveryShare * ample.ScrapePerMinute) + 0.001);
        Assert.True(ample.Reads.Average(r => r.Interval.TotalMinutes) < lean.Reads.Average(r => r.Interval.TotalMinutes));
    }

    [Fact]
    public void PostingRate_SteadyPostsThenABurst_EstimatesTheSteadyRateThenFollowsTheBurst()
    {
        var now = DateTimeOffset.UnixEpoch;
        var rate = PostingRate.Prior(now);
        for (var read = 1; read <= 96; read++)
        {
            rate = rate.Observe(read % 2, now + TimeSpan.FromMinutes(30 * read)); // one post an hour
        }

        Assert.InRange(rate.PostsPerHour, 0.8, 1.2);

        var burst = rate.Observe(120, now + TimeSpan.FromMinutes((30 * 96) + 10));

        Assert.InRange(burst.PostsPerHour, 100, 1000);
    }

    [Fact]
    public void PostingRate_QuietSubredditWithAChancePost_StaysQuiet()
    {
        var now = DateTimeOffset.UnixEpoch;
        var rate = PostingRate.Prior(now);
        for (var read = 1; read <= 48; read++)
        {
            rate = rate.Observe(read == 40 ? 1 : 0, now + TimeSpan.FromHours(read));
        }

        Assert.InRange(rate.PostsPerHour, 0, 0.2);
    }

    /// <summary>Subreddits with Zipf-distributed rates summing to <paramref name="postsPerHour"/>.</summary>
    private static List<Followed> Zipf(int count, double postsPerHour)
    {
        var weights = Enumerable.Range(1, count).Select(k => 1.0 / k).ToList();
        var total = weights.Sum();
        return [.. weights.Select((w, i) => new Followed("sub" + i, postsPerHour * w / total, true))];
    }
}
