using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Options;
using Scraper.Jobs.Discovery;

namespace Scraper.Web.Hosting;

/// <summary>One recurring discovery job per configured subreddit (id <c>discover:{sub}</c>), and the jobs of
/// subreddits no longer configured removed; run by <see cref="PipelineStart"/>.</summary>
internal sealed class ScheduleRegistration(
    IRecurringJobManager recurring, JobStorage storage, SubredditTroubles troubles, IOptions<ScraperOptions> options)
{
    private const string IdPrefix = "discover:";

    public void Register()
    {
        var settings = options.Value;
        var wanted = settings.Subreddits.ToDictionary(s => IdPrefix + s.ToLowerInvariant(), s => s);
        foreach (var (id, subreddit) in wanted)
        {
            recurring.AddOrUpdate<DiscoveryJob>(
                id, j => j.DiscoverAsync(subreddit, null, CancellationToken.None), settings.Schedule,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }

        using var connection = storage.GetConnection();
        foreach (var job in connection.GetRecurringJobs().Where(j => j.Id.StartsWith(IdPrefix, StringComparison.Ordinal)))
        {
            if (!wanted.ContainsKey(job.Id))
            {
                recurring.RemoveIfExists(job.Id);
            }
        }

        // A subreddit no longer followed is no longer in trouble either (nor on the dashboard's panel).
        foreach (var subreddit in troubles.All().Keys.Where(s => !wanted.ContainsKey(IdPrefix + s.ToLowerInvariant())))
        {
            troubles.Clear(subreddit);
        }
    }
}
