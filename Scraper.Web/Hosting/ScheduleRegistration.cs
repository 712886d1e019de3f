using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Options;
using Scraper.Jobs.Discovery;

namespace Scraper.Web.Hosting;

/// <summary>Discovery's one recurring job, the plan (id <see cref="PlanId"/>, on <c>Scraper:Schedule</c>), which
/// enqueues each subreddit's or group's reads as they fall due; the per-subreddit jobs of earlier versions
/// (<c>discover:{sub}</c>) removed; run by <see cref="PipelineStart"/>.</summary>
internal sealed class ScheduleRegistration(
    IRecurringJobManager recurring, JobStorage storage, SubredditTroubles troubles, IOptions<ScraperOptions> options)
{
    public const string PlanId = IdPrefix + "plan";

    private const string IdPrefix = "discover:";

    public void Register()
    {
        var settings = options.Value;
        recurring.AddOrUpdate<DiscoveryPlanJob>(
            PlanId, j => j.PlanAsync(CancellationToken.None), settings.Schedule, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });

        using var connection = storage.GetConnection();
        foreach (var job in connection.GetRecurringJobs().Where(j => j.Id.StartsWith(IdPrefix, StringComparison.Ordinal) && j.Id != PlanId))
        {
            recurring.RemoveIfExists(job.Id);
        }

        // A subreddit no longer followed is no longer in trouble either (nor on the dashboard's panel).
        var followed = settings.Subreddits.ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var subreddit in troubles.All().Keys.Where(s => !followed.Contains(s)))
        {
            troubles.Clear(subreddit);
        }
    }
}
