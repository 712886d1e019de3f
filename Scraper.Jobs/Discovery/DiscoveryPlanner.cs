using Scraper.Jobs.OldReddit;
using Scraper.Jobs.Storage;

namespace Scraper.Jobs.Discovery;

/// <summary>A followed subreddit as the planner sees it.</summary>
/// <param name="Name">As configured.</param>
/// <param name="PostsPerHour">Its estimated posting rate (<see cref="PostingRate"/>).</param>
/// <param name="MayGroup">Whether it may be read with others: a read has completed for it (it has a watermark) and
/// it is not in trouble. One never read is read alone first, back to <see cref="ScraperOptions.Backfill"/>; one in
/// trouble alone, as its own recheck allows.</param>
public sealed record Followed(string Name, double PostsPerHour, bool MayGroup);

/// <summary>One listing the plan reads: a subreddit alone or a group of quiet ones through
/// <c>/r/a+b+c/new/</c>, every <paramref name="Interval"/>.</summary>
/// <param name="Members">The subreddits it covers.</param>
/// <param name="Interval">How long after its members' last read it is read again.</param>
/// <param name="PostsPerHour">The members' combined estimated rate.</param>
/// <param name="PagesPerRead">Pages a read is expected to take (posts expected in an interval, 100 a page, plus the
/// page that reaches the floor).</param>
public sealed record PlannedRead(IReadOnlyList<string> Members, TimeSpan Interval, double PostsPerHour, int PagesPerRead)
{
    public bool IsGroup => Members.Count > 1;

    /// <summary>Requests a minute this read costs on average.</summary>
    public double RequestsPerMinute => PagesPerRead / Interval.TotalMinutes;

    /// <summary>Posts expected to arrive between two reads.</summary>
    public double PostsPerRead => PostsPerHour * Interval.TotalHours;
}

/// <summary>The whole plan: its reads, and how it spends <see cref="BudgetPerMinute"/>.</summary>
/// <param name="Reads">Every read, busiest first.</param>
/// <param name="BudgetPerMinute"><c>Reddit:RequestsPerMinute</c>.</param>
/// <param name="ScrapePerMinute">What scraping the expected new posts costs: one request each, spent first.</param>
/// <param name="DiscoveryPerMinute">What the reads cost.</param>
/// <param name="Overloaded">The budget cannot cover scraping and reads at the reach's safe margin: intervals have
/// been stretched towards the reach (lag grows), and if that was not enough, the plan still protects the reach and
/// spends more than the budget allows (the gate then holds requests back, and lag grows further).</param>
public sealed record DiscoveryPlan(
    IReadOnlyList<PlannedRead> Reads, double BudgetPerMinute, double ScrapePerMinute, double DiscoveryPerMinute, bool Overloaded)
{
    /// <summary>The share of the budget the plan expects to use.</summary>
    public double BudgetUsed => BudgetPerMinute <= 0 ? 0 : (ScrapePerMinute + DiscoveryPerMinute) / BudgetPerMinute;
}

/// <summary>Plans discovery within the request budget. Pure: the followed subreddits and the settings in, the plan
/// out.
/// <para>The rule. A listing reaches about 1,000 items back, combined or not. A read must come before the posts
/// expected since the last one could fill a quarter of that (<see cref="SafeReachShare"/>: a wide margin for
/// bursts the estimate has not seen yet), and at least every <c>longest</c> interval. Subreddits that would fill a
/// read on their own within the longest interval are read alone; the others are packed, quietest last, into groups
/// whose combined rate fits one read and whose path stays within <c>maxGroupPath</c>. Scraping costs one request per
/// new post and comes first. Reads may spend up to a tenth of what scraping does (<see cref="DiscoveryShare"/>) to
/// cut lag, never less than the longest intervals need. When the budget left after scraping cannot pay for that,
/// intervals stretch towards the reach (up to <see cref="HardReachShare"/> of it) before anything else gives.</para></summary>
public static class DiscoveryPlanner
{
    /// <summary>Items a listing reaches back, combined or not.</summary>
    public const int Reach = 1000;

    /// <summary>Items a listing page holds at most.</summary>
    public const int PageSize = RedditUrls.MaxLimit;

    /// <summary>Posts expected between two reads, as a share of the reach, in a plan that fits its budget.</summary>
    public const double SafeReachShare = 0.25;

    /// <summary>The same, at most, when the budget is short.</summary>
    public const double HardReachShare = 0.8;

    /// <summary>Reads may spend up to this share of what scraping spends, to read more often than they must.</summary>
    public const double DiscoveryShare = 0.1;

    /// <summary>The shortest interval: the planning job's own period.</summary>
    public static readonly TimeSpan ShortestInterval = TimeSpan.FromMinutes(1);

    public static DiscoveryPlan Plan(IReadOnlyCollection<Followed> followed, double budgetPerMinute, TimeSpan longest, int maxGroupPath)
    {
        ArgumentNullException.ThrowIfNull(followed);
        var capacity = SafeReachShare * Reach;
        var units = new List<(List<Followed> Members, double Rate)>();
        var quiet = new List<Followed>();
        foreach (var subreddit in followed.OrderByDescending(f => f.PostsPerHour).ThenBy(f => f.Name, StringComparer.OrdinalIgnoreCase))
        {
            // A backfill reads back further than any group would, a subreddit in trouble answers for itself, and
            // a busy one fills a read on its own.
            if (!subreddit.MayGroup || subreddit.PostsPerHour * longest.TotalHours > capacity)
            {
                units.Add(([subreddit], subreddit.PostsPerHour));
            }
            else
            {
                quiet.Add(subreddit);
            }
        }

        units.AddRange(Pack(quiet, capacity / longest.TotalHours, maxGroupPath));
        var scrape = followed.Sum(f => f.PostsPerHour) / 60;
        var available = budgetPerMinute - scrape;

        // Each read's interval as a share of its bound (the reach's margin, and the longest interval), found by
        // bisection: cost falls as intervals grow.
        var atSafe = Reads(units, SafeReachShare, longest, 1);
        var least = atSafe.Sum(r => r.RequestsPerMinute);
        if (least <= available)
        {
            var target = Math.Min(available, Math.Max(least, DiscoveryShare * scrape));
            var reads = Shrink(units, longest, target, least);
            return new DiscoveryPlan(Ordered(reads), budgetPerMinute, scrape, reads.Sum(r => r.RequestsPerMinute), Overloaded: false);
        }

        // Short of budget: stretch towards the reach (lag grows) as far as needed, never past the hard margin.
        var stretched = Stretch(units, longest, Math.Max(available, 0));
        return new DiscoveryPlan(Ordered(stretched), budgetPerMinute, scrape, stretched.Sum(r => r.RequestsPerMinute), Overloaded: true);
    }

    /// <summary>The path of a group's combined listing, <c>/r/a+b+c/new/</c>, as its length is bounded.</summary>
    public static int PathLength(IEnumerable<string> members) => "/r/".Length + string.Join('+', members).Length + "/new/".Length;

    // First fit, busiest first: each group's combined rate within one read's capacity over the longest interval.
    private static IEnumerable<(List<Followed> Members, double Rate)> Pack(List<Followed> quiet, double ratePerGroup, int maxGroupPath)
    {
        var groups = new List<(List<Followed> Members, double Rate, int Path)>();
        foreach (var subreddit in quiet)
        {
            var index = groups.FindIndex(g => g.Rate + subreddit.PostsPerHour <= ratePerGroup
                                              && g.Path + 1 + subreddit.Name.Length <= maxGroupPath);
            if (index < 0)
            {
                groups.Add(([subreddit], subreddit.PostsPerHour, PathLength([subreddit.Name])));
            }
            else
            {
                var group = groups[index];
                group.Members.Add(subreddit);
                groups[index] = (group.Members, group.Rate + subreddit.PostsPerHour, group.Path + 1 + subreddit.Name.Length);
            }
        }

        return groups.Select(g => (g.Members, g.Rate));
    }

    /// <summary>Every read at <paramref name="share"/> of the reach (capped at the longest interval), its interval
    /// divided by <paramref name="faster"/> (never under <see cref="ShortestInterval"/>).</summary>
    private static List<PlannedRead> Reads(List<(List<Followed> Members, double Rate)> units, double share, TimeSpan longest, double faster) =>
        units.Select(u =>
        {
            var bound = u.Rate > 0 ? TimeSpan.FromHours(share * Reach / u.Rate) : longest;
            var interval = TimeSpan.FromTicks(Math.Max(ShortestInterval.Ticks, (long)(Min(bound, longest).Ticks / faster)));
            var pages = 1 + (int)(u.Rate * interval.TotalHours / PageSize);
            return new PlannedRead([.. u.Members.Select(m => m.Name)], interval, u.Rate, pages);
        }).ToList();

    private static List<PlannedRead> Shrink(List<(List<Followed> Members, double Rate)> units, TimeSpan longest, double target, double least)
    {
        if (target <= least)
        {
            return Reads(units, SafeReachShare, longest, 1);
        }

        // The most it could pay for: every read at the shortest interval.
        double low = 1, high = longest / ShortestInterval;
        for (var i = 0; i < 40; i++)
        {
            var mid = (low + high) / 2;
            if (Reads(units, SafeReachShare, longest, mid).Sum(r => r.RequestsPerMinute) <= target)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return Reads(units, SafeReachShare, longest, low);
    }

    private static List<PlannedRead> Stretch(List<(List<Followed> Members, double Rate)> units, TimeSpan longest, double available)
    {
        // Past the longest interval too (lag grows), but never past the hard share of the reach.
        double low = SafeReachShare, high = HardReachShare;
        var stretchedLongest = longest * (HardReachShare / SafeReachShare);
        for (var i = 0; i < 40; i++)
        {
            var mid = (low + high) / 2;
            var reads = Reads(units, mid, longest * (mid / SafeReachShare), 1);
            if (reads.Sum(r => r.RequestsPerMinute) <= available)
            {
                high = mid;
            }
            else
            {
                low = mid;
            }
        }

        return Reads(units, high, high >= HardReachShare ? stretchedLongest : longest * (high / SafeReachShare), 1);
    }

    private static List<PlannedRead> Ordered(List<PlannedRead> reads) =>
        [.. reads.OrderByDescending(r => r.PostsPerHour).ThenBy(r => r.Members[0], StringComparer.OrdinalIgnoreCase)];

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
