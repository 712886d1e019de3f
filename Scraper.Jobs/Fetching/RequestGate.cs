using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Scraper.Jobs.Fetching;

/// <summary>Decides when the next request to reddit may leave: the configured rate, and a cool-down after a
/// 429 that every request waits out, not only the one that got it.</summary>
public interface IRequestGate
{
    /// <summary>Waits until a request may be sent.</summary>
    ValueTask WaitTurnAsync(CancellationToken cancellationToken);

    /// <summary>Holds every request back for <paramref name="retryAfter"/> from now (reddit's Retry-After).</summary>
    ValueTask CoolDownAsync(TimeSpan retryAfter, CancellationToken cancellationToken);
}

/// <summary>The gate for one process: a token bucket of one token (no bursts) refilled at the configured rate.</summary>
public sealed class LocalRequestGate : IRequestGate, IDisposable
{
    private static readonly TimeSpan MinimumPeriod = TimeSpan.FromMilliseconds(50);

    private readonly TimeProvider _time;
    private readonly TokenBucketRateLimiter _limiter;
    private long _coolDownUntilTicks;

    public LocalRequestGate(IOptions<RedditOptions> options, TimeProvider time)
    {
        _time = time;
        // One token at a time (no bursts) while the spacing is at least MinimumPeriod; faster rates (benchmarks,
        // the sandbox) refill in small batches instead, since the limiter's timer cannot tick faster than that.
        var interval = TimeSpan.FromMinutes(1) / options.Value.RequestsPerMinute;
        var tokensPerPeriod = interval >= MinimumPeriod ? 1 : (int)Math.Ceiling(MinimumPeriod / interval);
        _limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = tokensPerPeriod,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = interval * tokensPerPeriod,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    public async ValueTask WaitTurnAsync(CancellationToken cancellationToken)
    {
        var wait = new DateTimeOffset(Interlocked.Read(ref _coolDownUntilTicks), TimeSpan.Zero) - _time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken);
        }

        using var lease = await _limiter.AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
        {
            throw new InvalidOperationException("The request rate limiter refused a permit.");
        }
    }

    public ValueTask CoolDownAsync(TimeSpan retryAfter, CancellationToken cancellationToken)
    {
        var ticks = (_time.GetUtcNow() + retryAfter).UtcTicks;
        long current;
        do
        {
            current = Interlocked.Read(ref _coolDownUntilTicks);
            if (ticks <= current)
            {
                break;
            }
        }
        while (Interlocked.CompareExchange(ref _coolDownUntilTicks, ticks, current) != current);

        return ValueTask.CompletedTask;
    }

    public void Dispose() => _limiter.Dispose();
}
