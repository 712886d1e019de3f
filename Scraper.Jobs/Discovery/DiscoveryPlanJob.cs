using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scraper.Jobs.Diagnostics;
using Scraper.Jobs.Fetching;
using Scraper.Jobs.Metrics;
using Scraper.Jobs.Scraping;
using Scraper.Jobs.Storage;

namespace Scraper.Jobs.Discovery;

/// <summary>The one recurring job of discovery (<see cref="ScraperOptions.Schedule"/>): plans the reads of every
/// configured subreddit within the request budget (<see cref="DiscoveryPlanner"/>, from the posting rates and
/// watermarks discovery has kept) and enqueues those that are due: a subreddit alone
/// (<see cref="DiscoveryJob.DiscoverAsync"/>) or a group through its combined listing
/// (<see cref="DiscoveryJob.DiscoverGroupAsync"/>).</summary>
public sealed class DiscoveryPlanJob(
    IDiscoveryLedger ledger,
    ISubmissionStore store,
    JobStorage storage,
    IBackgroundJobClient jobs,
    SubredditTroubles troubles,
    IOptions<ScraperOptions> scraper,
    IOptions<RedditOptions> reddit,
    ScraperMetrics metrics,
    TimeProvider time,
    RedditAccess access,
    ILogger<DiscoveryPlanJob> logger)
{
    // A read is due a little early rather than a whole tick late.
    private static readonly TimeSpan Early = TimeSpan.FromSeconds(30);

    // A planned read that has not finished (still queued, or stopped by lost access) is planned again after this,
    // or its interval if shorter: soon enough after a pause, seldom enough not to pile reads up behind a backlog.
    private static readonly TimeSpan Unfinished = TimeSpan.FromMinutes(5);

    private static int overloaded;

    [Queue(DiscoveryJob.Queue)]
    [AutomaticRetry(Attempts = 0)] // the next tick is the retry
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task PlanAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (plan, paces) = await CurrentAsync(cancellationToken);
        Report(plan);
        var inTrouble = troubles.All();
        foreach (var read in plan.Reads.Where(r => Due(r, paces, inTrouble, now)))
        {
            if (read.IsGroup)
            {
                string[] members = [.. read.Members];
                jobs.Enqueue<DiscoveryJob>(j => j.DiscoverGroupAsync(members, null, CancellationToken.None));
            }
            else
            {
                var subreddit = read.Members[0];
                jobs.Enqueue<DiscoveryJob>(j => j.DiscoverAsync(subreddit, null, CancellationToken.None));
            }

            await ledger.MarkPlannedAsync(read.Members, now, cancellationToken);
            metrics.ReadPlanned(read.Members.Count);
        }

        await EnqueueRevisitsAsync(plan, now, cancellationToken);
    }

    /// <summary>Revisits get what the minute's budget leaves after the new submissions the plan expects and its
    /// reads, and nothing while scrapes of new submissions wait: so they never hold a first scrape up by more than
    /// this round. (A round is taken as a minute, the default schedule.)</summary>
    private async Task EnqueueRevisitsAsync(DiscoveryPlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // While access is lost, jobs wait rescheduled rather than queued: none would run, so none are added.
        var monitoring = storage.GetMonitoringApi();
        if (monitoring.EnqueuedCount(ScrapeJob.Queue) > 0 || await access.CurrentAsync() is not null)
        {
            return;
        }

        var room = (int)Math.Floor(plan.BudgetPerMinute - plan.ScrapePerMinute - plan.DiscoveryPerMinute)
            - (int)monitoring.EnqueuedCount(RevisitJob.Queue);
        if (room <= 0)
        {
            return;
        }

        var due = await store.TakeDueRevisitsAsync(now, room, RevisitJob.Stale, cancellationToken);
        foreach (var revisit in due)
        {
            jobs.Enqueue<RevisitJob>(j => j.RevisitAsync(revisit.Subreddit, revisit.Id, revisit.Age, revisit.DueAt, CancellationToken.None));
        }

        metrics.RevisitsEnqueued(due.Count);
    }

    private bool Due(
        PlannedRead read, IReadOnlyDictionary<string, SubredditPace> paces, IReadOnlyDictionary<string, SubredditTrouble> inTrouble, DateTimeOffset now)
    {
        // A subreddit in trouble is asked again at its recheck, not at its interval (DiscoveryJob would not ask).
        if (!read.IsGroup && inTrouble.TryGetValue(read.Members[0], out var trouble) && now - trouble.Checked < scraper.Value.TroubleRecheck)
        {
            return false;
        }

        foreach (var member in read.Members)
        {
            if (paces.GetValueOrDefault(member) is not { Planned: { } planned } pace)
            {
                return true;
            }

            var finished = pace.Rate is { } rate && rate.Updated >= planned;
            var wait = finished ? read.Interval - Early : Min(read.Interval, Unfinished) - Early;
            if (now - planned >= wait)
            {
                return true;
            }
        }

        return false;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>The plan as it stands, and what discovery has kept of each subreddit (by name, any case).</summary>
    public async Task<(DiscoveryPlan Plan, IReadOnlyDictionary<string, SubredditPace> Paces)> CurrentAsync(CancellationToken cancellationToken)
    {
        var paces = (await ledger.GetPacesAsync(cancellationToken)).ToDictionary(p => p.Subreddit, StringComparer.OrdinalIgnoreCase);
        var plan = PlanOf(scraper.Value, reddit.Value.RequestsPerMinute, paces, troubles.All().Keys.ToHashSet(StringComparer.OrdinalIgnoreCase), time.GetUtcNow());
        return (plan, paces);
    }

    /// <summary>The plan of the configured subreddits from what discovery has kept of them: a subreddit never read
    /// is assumed at the prior's rate and read alone, as is one in trouble.</summary>
    public static DiscoveryPlan PlanOf(
        ScraperOptions settings, double budgetPerMinute, IReadOnlyDictionary<string, SubredditPace> paces, IReadOnlySet<string> inTrouble,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var followed = settings.Subreddits.Distinct(StringComparer.OrdinalIgnoreCase).Select(name =>
        {
            var pace = paces.GetValueOrDefault(name);
            var rate = (pace?.Rate ?? PostingRate.Prior(now)).PostsPerHour;
            return new Followed(name, rate, MayGroup: pace?.Watermark is not null && !inTrouble.Contains(name));
        }).ToList();
        return DiscoveryPlanner.Plan(followed, budgetPerMinute, settings.LongestInterval, settings.MaxGroupPath);
    }

    private void Report(DiscoveryPlan plan)
    {
        metrics.SetPlan(plan.BudgetUsed, plan.Overloaded, plan.Reads.SelectMany(r => r.Members.Select(m => (m, r.PostsPerHour / r.Members.Count, r.Interval))));
        // Once when the budget falls short, once when it is enough again (per process that plans).
        if (Interlocked.Exchange(ref overloaded, plan.Overloaded ? 1 : 0) != (plan.Overloaded ? 1 : 0))
        {
            if (plan.Overloaded)
            {
                Log.PlanOverloaded(logger, plan.BudgetPerMinute, plan.ScrapePerMinute, plan.DiscoveryPerMinute);
            }
            else
            {
                Log.PlanFits(logger, plan.BudgetPerMinute);
            }
        }
    }
}
