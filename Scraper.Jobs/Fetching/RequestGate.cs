using Microsoft.Extensions.Options;

namespace Scraper.Jobs.Fetching;

/// <summary>Decides when the next request to reddit may leave (<see cref="SlotRule"/>): the configured rate, one
/// request on the wire at a time, and a cool-down after a 429 that every request waits out, not only the one that
/// got it.</summary>
public interface IRequestGate
{
    /// <summary>Waits until a request may be sent. Every other request waits until the turn is ended.</summary>
    ValueTask<RequestTurn> WaitTurnAsync(CancellationToken cancellationToken);

    /// <summary>Holds every request back for <paramref name="retryAfter"/> from now (reddit's Retry-After).</summary>
    ValueTask CoolDownAsync(TimeSpan retryAfter, CancellationToken cancellationToken);
}

/// <summary>One request's turn at the gate: marked when the request is on the wire (the connection's first write,
/// <see cref="TurnSignallingStream"/>), ended when it has been answered or has failed.</summary>
public sealed class RequestTurn
{
    private static readonly AsyncLocal<RequestTurn?> CurrentTurn = new();

    private readonly Func<ValueTask> _sent;
    private readonly Func<bool, ValueTask> _ended;
    private int _wasSent;
    private int _wasEnded;

    internal RequestTurn(Func<ValueTask> sent, Func<bool, ValueTask> ended)
    {
        _sent = sent;
        _ended = ended;
    }

    /// <summary>The turn of the request this async flow is sending, for the connection stream to mark.</summary>
    internal static RequestTurn? Current
    {
        get => CurrentTurn.Value;
        set => CurrentTurn.Value = value;
    }

    /// <summary>The request's bytes are on the wire: the next request's spacing counts from now.</summary>
    internal ValueTask SentAsync() => Interlocked.Exchange(ref _wasSent, 1) == 0 ? _sent() : ValueTask.CompletedTask;

    /// <summary>Answered, or failed: the next request may go (once its spacing has passed).</summary>
    internal ValueTask EndAsync() =>
        Interlocked.Exchange(ref _wasEnded, 1) == 0 ? _ended(Volatile.Read(ref _wasSent) == 1) : ValueTask.CompletedTask;
}

/// <summary>What the gate says to a waiter whose slot has come, or should have.</summary>
internal enum SlotVerdict
{
    /// <summary>Send now.</summary>
    Send,

    /// <summary>Not yet: the slot has not come, the last request went out less than an interval ago, or a request is
    /// still on the wire. Wait, then ask again.</summary>
    Wait,

    /// <summary>A cool-down began: the slot is gone. Reserve a new one.</summary>
    Lost,
}

/// <summary>The rule both gates keep, on one clock (milliseconds). Waiters reserve send slots an interval apart,
/// which paces them in order; at its slot a waiter asks to send. It may when no cool-down holds, the last request
/// went on the wire at least an interval ago, and no request is on the wire unanswered. A request's spacing counts
/// from when its bytes were written, not from when it was allowed: a busy machine can hold a request back between
/// the two for a long time, and two requests allowed an interval apart would then arrive together. And only one
/// request is on the wire at a time, so a 429 is known (and its cool-down set) before the next request leaves: no
/// request arrives inside a cool-down. The hold on the wire ends with the answer, or after <see cref="HoldLimit"/>
/// should its process die.</summary>
internal static class SlotRule
{
    /// <summary>How long a request may hold the wire without being answered: a request hanging longer (reddit
    /// silent, the process gone) lets the next one go.</summary>
    public static readonly TimeSpan HoldLimit = TimeSpan.FromSeconds(10);

    /// <summary>How often a waiter asks again while another request is on the wire.</summary>
    public static long Poll(long intervalMs) => Math.Clamp(intervalMs / 20, 2, 50);

    /// <summary>The slot a waiter reserves now, and the next free slot after it.</summary>
    public static (long Slot, long Next) Reserve(long now, long next, long coolUntil, long intervalMs)
    {
        var slot = Math.Max(now, Math.Max(next, coolUntil));
        return (slot, slot + intervalMs);
    }

    /// <summary>Whether the waiter of <paramref name="slot"/> may send now, and if it must wait, for how long.</summary>
    /// <param name="now">The gate's clock.</param>
    /// <param name="slot">The waiter's slot.</param>
    /// <param name="coolUntil">The end of the cool-down; 0 for none.</param>
    /// <param name="lastSent">When the last request went on the wire; 0 for never.</param>
    /// <param name="heldFor">How much longer a request holds the wire; 0 for none.</param>
    /// <param name="intervalMs">The spacing.</param>
    public static (SlotVerdict Verdict, long Wait) Commit(long now, long slot, long coolUntil, long lastSent, long heldFor, long intervalMs)
    {
        if (now < coolUntil)
        {
            return (SlotVerdict.Lost, 0);
        }

        var ready = Math.Max(slot, lastSent + intervalMs);
        if (now < ready)
        {
            return (SlotVerdict.Wait, ready - now);
        }

        return heldFor > 0 ? (SlotVerdict.Wait, Math.Min(heldFor, Poll(intervalMs))) : (SlotVerdict.Send, 0);
    }

    /// <summary>The one waiting loop: reserve, sleep to the slot, ask to send; reserve again when a cool-down took
    /// the slot.</summary>
    public static async ValueTask TakeTurnAsync(
        Func<ValueTask<(long Slot, long Wait)>> reserve,
        Func<long, ValueTask<(SlotVerdict Verdict, long Wait)>> commit,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (slot, wait) = await reserve();
        while (true)
        {
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait), time, cancellationToken);
            }

            var (verdict, left) = await commit(slot);
            switch (verdict)
            {
                case SlotVerdict.Send:
                    return;
                case SlotVerdict.Wait:
                    wait = left;
                    break;
                default:
                    (slot, wait) = await reserve();
                    break;
            }
        }
    }
}

/// <summary>The gate for one process (and the fallback of the shared one): the slot rule on the process's clock.</summary>
public sealed class LocalRequestGate : IRequestGate
{
    private readonly TimeProvider _time;
    private readonly long _intervalMs;
    private readonly Lock _lock = new();
    private long _next;
    private long _coolUntil;
    private long _lastSent;
    private RequestTurn? _holder;
    private long _heldUntil;

    public LocalRequestGate(IOptions<RedditOptions> options, TimeProvider time)
    {
        _time = time;
        _intervalMs = (long)Math.Ceiling(60_000.0 / options.Value.RequestsPerMinute);
    }

    public async ValueTask<RequestTurn> WaitTurnAsync(CancellationToken cancellationToken)
    {
        RequestTurn? turn = null;
        turn = new RequestTurn(() => Sent(), sent => Ended(turn!, sent));
        await SlotRule.TakeTurnAsync(Reserve, slot => Commit(slot, turn), _time, cancellationToken);
        return turn;
    }

    public ValueTask CoolDownAsync(TimeSpan retryAfter, CancellationToken cancellationToken)
    {
        var until = Now() + (long)Math.Ceiling(retryAfter.TotalMilliseconds);
        lock (_lock)
        {
            _coolUntil = Math.Max(_coolUntil, until);
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask<(long Slot, long Wait)> Reserve()
    {
        var now = Now();
        lock (_lock)
        {
            (var slot, _next) = SlotRule.Reserve(now, _next, _coolUntil, _intervalMs);
            return ValueTask.FromResult((slot, slot - now));
        }
    }

    private ValueTask<(SlotVerdict Verdict, long Wait)> Commit(long slot, RequestTurn turn)
    {
        var now = Now();
        lock (_lock)
        {
            var heldFor = _holder is null ? 0 : Math.Max(0, _heldUntil - now);
            var (verdict, wait) = SlotRule.Commit(now, slot, _coolUntil, _lastSent, heldFor, _intervalMs);
            if (verdict == SlotVerdict.Send)
            {
                _holder = turn;
                _heldUntil = now + (long)SlotRule.HoldLimit.TotalMilliseconds;
            }

            return ValueTask.FromResult((verdict, wait));
        }
    }

    private ValueTask Sent()
    {
        var now = Now();
        lock (_lock)
        {
            _lastSent = Math.Max(_lastSent, now);
        }

        return ValueTask.CompletedTask;
    }

    // A request that ended without its write being seen may still have gone out: its spacing counts from now.
    private ValueTask Ended(RequestTurn turn, bool sent)
    {
        var now = Now();
        lock (_lock)
        {
            if (ReferenceEquals(_holder, turn))
            {
                _holder = null;
            }

            if (!sent)
            {
                _lastSent = Math.Max(_lastSent, now);
            }
        }

        return ValueTask.CompletedTask;
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
