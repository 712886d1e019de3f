using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scraper.Jobs.Fetching;

namespace Scraper.Jobs.Discovery;

/// <summary>While access is lost, asks reddit every <see cref="RedditOptions.AccessProbeInterval"/> (doubling after
/// each refusal, up to an hour; one process at a time with Redis) for the smallest page of the first configured
/// subreddit (a worker, which has none, asks for the subreddit whose page met the wall), and lets scraping resume once it comes back as a proper page. At start it asks at once if a pause is
/// recorded, so a process restarted with a new session does not wait an interval.</summary>
/// It also warns, at start, of a session whose cookie says it ends within <see cref="SessionExpiry.WarnAhead"/>.
public sealed partial class AccessProbe(
    RedditAccess access, IServiceProvider services, IOptions<RedditOptions> reddit, IOptions<ScraperOptions> scraper, TimeProvider time,
    ILogger<AccessProbe> logger)
    : BackgroundService
{
    private static readonly TimeSpan LongestInterval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (reddit.Value.SessionExpires is { } expires && expires - time.GetUtcNow() < SessionExpiry.WarnAhead)
        {
            LogSessionEnding(logger, expires);
        }

        var interval = reddit.Value.AccessProbeInterval;
        var next = TimeSpan.Zero;
        var backoff = interval;
        var first = true;
        try
        {
            while (true)
            {
                await Task.Delay(next, time, stoppingToken);
                next = interval;
                if (await access.CurrentAsync() is not { } loss)
                {
                    backoff = interval;
                    first = false;
                    continue;
                }

                // A process that starts into a pause asks at once (it may have been given a new session); after
                // that, one process per interval asks.
                if (!first && !await access.TakeProbeTurnAsync(Longer(backoff)))
                {
                    continue;
                }

                first = false;
                var subreddit = scraper.Value.Subreddits.Count > 0 ? scraper.Value.Subreddits[0] : loss.Subreddit;
                if (await ProbeAsync(subreddit, stoppingToken))
                {
                    backoff = interval;
                }
                else
                {
                    backoff = Longer(backoff);
                    next = backoff;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // The turn is held as long as the wait after a refusal, so that with several processes the backoff holds too.
    private static TimeSpan Longer(TimeSpan backoff) => TimeSpan.FromTicks(Math.Min(LongestInterval.Ticks, backoff.Ticks * 2));

    /// <summary>True when reddit served a proper page again.</summary>
    private async Task<bool> ProbeAsync(string subreddit, CancellationToken cancellationToken)
    {
        var client = services.GetRequiredService<RedditPages>();
        try
        {
            // Any page that is not the wall or a block: reddit serves this client again (a page that still says
            // the session expired would have thrown).
            var fetched = await client.ProbeAsync(subreddit, cancellationToken);
            await access.ResumeAsync(fetched.Result.LoggedInAs ?? "nobody: anonymous");
            return true;
        }
        catch (Exception e) when (e is AccessPausedException or RedditUnavailableException)
        {
            // Still refused, or reddit away: the state already says so; ask again later.
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The reddit session in Reddit:SessionCookie ends at {Expires:u}: copy a new reddit_session cookie before then and restart")]
    private static partial void LogSessionEnding(ILogger logger, DateTimeOffset expires);
}
