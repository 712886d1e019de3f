using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Scraper.Jobs.Fetching;

/// <summary>The gate shared by every process on one Redis: each request reserves the next free send slot
/// (slots are 60 s / RequestsPerMinute apart, so the rate holds in total), and a 429 seen by any process
/// pushes every slot past its Retry-After. Both keys live on Redis's clock, so the processes' clocks need
/// not agree. Redis unreachable: the process falls back to its own gate (the rate then holds per process)
/// and says so once.</summary>
public sealed partial class RedisRequestGate(
    IConnectionMultiplexer redis,
    IOptions<RedditOptions> options,
    LocalRequestGate fallback,
    TimeProvider time,
    ILogger<RedisRequestGate> logger) : IRequestGate
{
    private static readonly RedisKey[] Keys = ["scraper:reddit:next-slot", "scraper:reddit:cool-down-until"];

    // Reserves the caller's send slot and returns how long (ms) to wait for it.
    private static readonly LuaScript Reserve = LuaScript.Prepare("""
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local slot = math.max(now, tonumber(redis.call('GET', @next) or '0'), tonumber(redis.call('GET', @cool) or '0'))
        local interval = tonumber(@interval)
        redis.call('SET', @next, slot + interval, 'PX', slot + interval - now + 60000)
        return slot - now
        """);

    // Returns how long (ms) a cool-down still holds.
    private static readonly LuaScript Remaining = LuaScript.Prepare("""
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        return math.max(0, tonumber(redis.call('GET', @cool) or '0') - now)
        """);

    private static readonly LuaScript Extend = LuaScript.Prepare("""
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local untilMs = now + tonumber(@wait)
        if untilMs > tonumber(redis.call('GET', @cool) or '0') then
          redis.call('SET', @cool, untilMs, 'PX', tonumber(@wait) + 60000)
        end
        return untilMs
        """);

    private readonly long _intervalMs = (long)Math.Ceiling(60_000.0 / options.Value.RequestsPerMinute);
    private int _unavailable;

    public async ValueTask WaitTurnAsync(CancellationToken cancellationToken)
    {
        try
        {
            var database = redis.GetDatabase();
            while (true)
            {
                var wait = (long)await database.ScriptEvaluateAsync(Reserve, new { next = Keys[0], cool = Keys[1], interval = _intervalMs });
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(wait), time, cancellationToken);
                }

                // A 429 may have come in while this slot was waited for: then wait it out and queue again.
                if ((long)await database.ScriptEvaluateAsync(Remaining, new { cool = Keys[1] }) == 0)
                {
                    break;
                }
            }

            Recovered();
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
        {
            Unavailable(e);
            await fallback.WaitTurnAsync(cancellationToken);
        }
    }

    public async ValueTask CoolDownAsync(TimeSpan retryAfter, CancellationToken cancellationToken)
    {
        await fallback.CoolDownAsync(retryAfter, cancellationToken);
        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(
                Extend, new { cool = Keys[1], wait = (long)Math.Ceiling(retryAfter.TotalMilliseconds) });
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
        {
            Unavailable(e);
        }
    }

    private void Unavailable(Exception e)
    {
        if (Interlocked.Exchange(ref _unavailable, 1) == 0)
        {
            LogRedisUnavailable(logger, e.Message);
        }
    }

    private void Recovered()
    {
        if (Volatile.Read(ref _unavailable) == 1 && Interlocked.Exchange(ref _unavailable, 0) == 1)
        {
            LogRedisRecovered(logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Redis is unreachable ({Reason}); the request rate now holds per process until it is back")]
    private static partial void LogRedisUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis is back; the request rate holds across processes again")]
    private static partial void LogRedisRecovered(ILogger logger);
}
