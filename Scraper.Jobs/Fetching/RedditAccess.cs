using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scraper.Jobs.Metrics;
using Scraper.Jobs.OldReddit;
using StackExchange.Redis;

namespace Scraper.Jobs.Fetching;

/// <summary>Why reddit is not being asked anything: an outcome about the account or the address
/// (<see cref="PageKindExtensions.IsAccessLost"/>), seen first at <paramref name="Since"/> on a page of
/// <paramref name="Subreddit"/> (which the probe asks for again).</summary>
public sealed record AccessLoss(PageKind Kind, string Reason, DateTimeOffset Since, string Subreddit);

/// <summary>Thrown instead of sending a request while access is lost, and by the request that found it lost. Not a
/// failure of the job: its Hangfire state filter (<c>AccessPauseFilter</c>) reschedules the job untouched.</summary>
public sealed class AccessPausedException(AccessLoss loss)
    : Exception("Fetching from reddit is paused: " + PageKindNames.Of(loss.Kind) + " (" + loss.Reason + ")")
{
    public AccessLoss Loss { get; } = loss;
}

/// <summary>Whether Scraper may ask reddit anything: one state for every process (a Redis key beside the request
/// gate's when Redis is configured, like the 429 cool-down), set by the first request that meets a login wall, an
/// expired session or a network block, and cleared by <c>AccessProbe</c> once a probe gets a proper page.
/// It says so once when the state changes, in the process that changed it, and never again until it changes back.</summary>
public sealed partial class RedditAccess
{
    private const string Key = "scraper:reddit:access-lost";
    private const string ProbeTurnKey = "scraper:reddit:probe-turn";

    private readonly IConnectionMultiplexer? _redis;
    private readonly IOptions<RedditOptions> _options;
    private readonly ScraperMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<RedditAccess> _logger;
    private volatile AccessLoss? _seen;

    public RedditAccess(
        IServiceProvider services, IOptions<RedditOptions> options, ScraperMetrics metrics, TimeProvider time, ILogger<RedditAccess> logger)
    {
        _redis = (IConnectionMultiplexer?)services.GetService(typeof(IConnectionMultiplexer));
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        // Open until a page says otherwise: the gauge reports from the start.
        See(null);
    }

    /// <summary>The state this process saw last (no Redis round trip).</summary>
    public AccessLoss? LastSeen => _seen;


    public bool SessionConfigured => _options.Value.HasSession;

    private void See(AccessLoss? loss)
    {
        _seen = loss;
        _metrics.SetSessionState(loss?.Kind, _options.Value.HasSession);
    }

    /// <summary>The current loss, or null while reddit may be asked.</summary>
    public async ValueTask<AccessLoss?> CurrentAsync()
    {
        if (_redis is null)
        {
            return _seen;
        }

        try
        {
            var value = await _redis.GetDatabase().StringGetAsync(Key);
            See(value.IsNullOrEmpty ? null : Decode(value.ToString()));
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
        {
            // Redis away: this process goes on with what it saw last (the request gate says Redis is away).
        }

        return _seen;
    }

    /// <summary>Throws <see cref="AccessPausedException"/> while access is lost.</summary>
    public async ValueTask ThrowIfPausedAsync()
    {
        if (await CurrentAsync() is { } loss)
        {
            throw new AccessPausedException(loss);
        }
    }

    /// <summary>Pauses every request of every process, and says so if this call began the pause.</summary>
    public async ValueTask<AccessLoss> PauseAsync(PageKind kind, string reason, string subreddit)
    {
        var loss = new AccessLoss(kind, reason, _time.GetUtcNow(), subreddit);
        var began = _seen is null;
        if (_redis is not null)
        {
            try
            {
                // Only the first setter reports it; the others adopt the loss already recorded.
                began = await _redis.GetDatabase().StringSetAsync(Key, Encode(loss), when: When.NotExists);
                if (!began && await CurrentAsync() is { } recorded)
                {
                    return recorded;
                }
            }
            catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
            {
                began = _seen is null;
            }
        }

        See(loss);
        if (began)
        {
            _metrics.AccessLost(kind);
            LogAccessLost(_logger, PageKindNames.Of(kind), reason, Remedy(kind));
        }

        return loss;
    }

    /// <summary>Lets requests go again, and says so if access was lost.</summary>
    public async ValueTask ResumeAsync(string account)
    {
        var ended = _seen is not null;
        if (_redis is not null)
        {
            try
            {
                ended = await _redis.GetDatabase().KeyDeleteAsync(Key);
            }
            catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
            {
                // Left for the next probe: a pause that outlives its cause costs a probe interval, not a page.
                return;
            }
        }

        See(null);
        if (ended)
        {
            LogAccessBack(_logger, account);
        }
    }

    /// <summary>True when this process should send the next probe: with Redis, one process per interval.</summary>
    public async ValueTask<bool> TakeProbeTurnAsync(TimeSpan interval)
    {
        if (_redis is null)
        {
            return true;
        }

        try
        {
            return await _redis.GetDatabase().StringSetAsync(ProbeTurnKey, Environment.ProcessId, interval * 0.9, When.NotExists);
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
        {
            return false;
        }
    }

    /// <summary>The setting that mends a loss, for the operator.</summary>
    public string Remedy(PageKind kind) => kind switch
    {
        PageKind.NetworkSecurityBlock =>
            "reddit refuses this address or client: check Reddit:UserAgent and the address; a logged-in session (Reddit:SessionCookie) may pass",
        _ when _options.Value.HasSession =>
            "the session in Reddit:SessionCookie (or Reddit:SessionCookieFile) is no longer logged in: copy a new reddit_session cookie and restart",
        _ => "old.reddit serves only logged-in visitors: set Reddit:SessionCookie (or Reddit:SessionCookieFile) to a logged-in reddit_session cookie and restart",
    };

    private static string Encode(AccessLoss loss) =>
        PageKindNames.Of(loss.Kind) + "|" + loss.Since.ToUnixTimeMilliseconds() + "|" + loss.Subreddit + "|" + loss.Reason;

    private static AccessLoss? Decode(string value)
    {
        var parts = value.Split('|', 4);
        return parts.Length == 4 && PageKindNames.TryParse(parts[0], out var kind) && long.TryParse(parts[1], out var since)
            ? new AccessLoss(kind, parts[3], DateTimeOffset.FromUnixTimeMilliseconds(since), parts[2])
            : null;
    }

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Scraping paused in every process: reddit answered {Outcome} ({Reason}); {Remedy}. A probe asks again every few minutes; nothing is lost meanwhile")]
    private static partial void LogAccessLost(ILogger logger, string outcome, string reason, string remedy);

    [LoggerMessage(Level = LogLevel.Information, Message = "reddit answers again (logged in as {Account}): scraping resumes")]
    private static partial void LogAccessBack(ILogger logger, string account);
}
