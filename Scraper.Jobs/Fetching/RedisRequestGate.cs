using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Scraper.Jobs.Fetching;

/// <summary>The gate shared by every process on one Redis: the slot rule (<see cref="SlotRule"/>) on Redis's clock,
/// so the rate holds in total and the processes' clocks need not agree. Redis unreachable: the process falls back
/// to its own gate (the rate then holds per process) and says so once.</summary>
public sealed partial class RedisRequestGate(
    IConnectionMultiplexer redis,
    IOptions<RedditOptions> options,
    LocalRequestGate fallback,
    TimeProvider time,
    ILogger<RedisRequestGate> logger) : IRequestGate
{
    private const string Clock = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local interval = tonumber(@interval)

        """;

    // SlotRule.Reserve: returns {slot, wait}.
    private static readonly LuaScript Reserve = LuaScript.Prepare(Clock + """
        local slot = math.max(now, tonumber(redis.call('GET', @next) or '0'), tonumber(redis.call('GET', @cool) or '0'))
        redis.call('SET', @next, slot + interval, 'PX', slot + interval - now + 60000)
        return {slot, slot - now}
        """);

    // SlotRule.Commit, and the hold on the wire taken when it says send: returns {verdict (0 send, 1 wait, 2 lost), wait}.
    private static readonly LuaScript Commit = LuaScript.Prepare(Clock + """
        if now < tonumber(redis.call('GET', @cool) or '0') then return {2, 0} end
        local ready = math.max(tonumber(@slot), tonumber(redis.call('GET', @last) or '0') + interval)
        if now < ready then return {1, ready - now} end
        local held = redis.call('PTTL', @wire)
        if held > 0 then return {1, math.min(held, tonumber(@poll))} end
        redis.call('SET', @wire, @turn, 'PX', tonumber(@hold))
        return {0, 0}
        """);

    // On the wire: the next request's spacing counts from now.
    private static readonly LuaScript Sent = LuaScript.Prepare(Clock + """
        if now > tonumber(redis.call('GET', @last) or '0') then redis.call('SET', @last, now, 'PX', interval + 60000) end
        return now
        """);

    // Answered or failed: the wire is free; a request whose write was not seen counts as sent now.
    private static readonly LuaScript Ended = LuaScript.Prepare(Clock + """
        if redis.call('GET', @wire) == @turn then redis.call('DEL', @wire) end
        if tonumber(@sent) == 0 and now > tonumber(redis.call('GET', @last) or '0') then
          redis.call('SET', @last, now, 'PX', interval + 60000)
        end
        return now
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

    private static readonly RedisKey NextKey = "scraper:reddit:next-slot";
    private static readonly RedisKey CoolKey = "scraper:reddit:cool-down-until";
    private static readonly RedisKey LastKey = "scraper:reddit:last-sent";
    private static readonly RedisKey WireKey = "scraper:reddit:on-the-wire";

    private readonly long _intervalMs = (long)Math.Ceiling(60_000.0 / options.Value.RequestsPerMinute);
    private readonly long _holdMs = (long)SlotRule.HoldLimit.TotalMilliseconds;

    private int _unavailable;

    public async ValueTask<RequestTurn> WaitTurnAsync(CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var token = Guid.NewGuid().ToString("N");
        var poll = SlotRule.Poll(_intervalMs);
        try
        {
            await SlotRule.TakeTurnAsync(
                async () =>
                {
                    var reply = (RedisResult[])(await database.ScriptEvaluateAsync(
                        Reserve, new { next = NextKey, cool = CoolKey, interval = _intervalMs }))!;
                    return ((long)reply[0], (long)reply[1]);
                },
                async slot =>
                {
                    var reply = (RedisResult[])(await database.ScriptEvaluateAsync(Commit, new
                    {
                        cool = CoolKey, last = LastKey, wire = WireKey, slot, interval = _intervalMs, poll, turn = token, hold = _holdMs,
                    }))!;
                    return ((SlotVerdict)(int)reply[0], (long)reply[1]);
                },
                time,
                cancellationToken);
            Recovered();
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
        {
            Unavailable(e);
            return await fallback.WaitTurnAsync(cancellationToken);
        }

        return new RequestTurn(
            () => RunAsync(Sent, new { last = LastKey, interval = _intervalMs }),
            sent => RunAsync(Ended, new { last = LastKey, wire = WireKey, turn = token, sent = sent ? 1 : 0, interval = _intervalMs }));
    }

    public async ValueTask CoolDownAsync(TimeSpan retryAfter, CancellationToken cancellationToken)
    {
        await fallback.CoolDownAsync(retryAfter, cancellationToken);
        await RunAsync(Extend, new { cool = CoolKey, wait = (long)Math.Ceiling(retryAfter.TotalMilliseconds) });
    }

    // Redis gone between a turn's steps: the hold on the wire ends by itself (SlotRule.HoldLimit).
    private async ValueTask RunAsync(LuaScript script, object parameters)
    {
        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(script, parameters);
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
