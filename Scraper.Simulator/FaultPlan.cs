namespace Scraper.Simulator;

/// <summary>Which kind of page a request asked for.</summary>
public enum RouteKind
{
    /// <summary><c>/r/{sub}/new/</c>, and a combined listing <c>/r/a+b+c/new/</c>.</summary>
    Listing,

    /// <summary><c>/r/{sub}/comments/{id}/{slug}/</c>.</summary>
    Submission,

    /// <summary>Anything else (answered 404).</summary>
    Other,
}

public enum FaultKind
{
    /// <summary>429 with <c>Retry-After</c>.</summary>
    TooManyRequests,

    /// <summary>500, 502 or 503 with a short error body.</summary>
    ServerError,

    /// <summary>The normal answer, after a delay on the simulator's clock.</summary>
    Slow,

    /// <summary>The connection is aborted before any response.</summary>
    ConnectionReset,

    /// <summary>Status 200 and a body cut off part way; the transfer itself ends cleanly.</summary>
    Truncated,

    /// <summary>reddit's "whoa there, pardner!" network-policy block page.</summary>
    Blocked,

    /// <summary>Status 200 and a whole page whose body is <see cref="Fault.Depth"/> nested <c>div</c>s: what makes a
    /// parser's time grow faster than the page.</summary>
    Nested,

    /// <summary>Status 200 and a page of <see cref="Fault.Bytes"/> bytes, with its Content-Length: more than any
    /// reddit page.</summary>
    Huge,

    /// <summary>Status 200, chunked, no Content-Length, and markup without end until the client leaves: a body that
    /// only a cap ends.</summary>
    Endless,

    /// <summary>Status 200, chunked, and a few bytes of markup every <see cref="Fault.Delay"/>, without end: a body that
    /// never reaches the cap, and that only a time bound ends.</summary>
    Trickle,
}

/// <summary>One fault the simulator can produce instead of, or on top of, the normal answer.</summary>
public sealed record Fault
{
    private Fault(FaultKind kind, int status)
    {
        Kind = kind;
        Status = status;
    }

    public FaultKind Kind { get; }

    /// <summary>The status sent; 0 for a connection reset, and for a slow answer the page's own status.</summary>
    public int Status { get; }

    /// <summary>The Retry-After of a 429; the delay of a slow answer.</summary>
    public TimeSpan Delay { get; private init; }

    /// <summary>The share of the page a truncated answer sends.</summary>
    public double Keep { get; private init; }

    /// <summary>How many <c>div</c>s a nested page nests.</summary>
    public int Depth { get; private init; }

    /// <summary>How long a huge page is, in bytes.</summary>
    public long Bytes { get; private init; }

    public static Fault TooManyRequests(TimeSpan retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryAfter, TimeSpan.Zero);
        return new Fault(FaultKind.TooManyRequests, 429) { Delay = retryAfter };
    }

    /// <param name="status">500, 502 or 503.</param>
    public static Fault ServerError(int status = 503)
    {
        if (status is not (500 or 502 or 503))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A server error is 500, 502 or 503.");
        }

        return new Fault(FaultKind.ServerError, status);
    }

    public static Fault Slow(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new Fault(FaultKind.Slow, 0) { Delay = delay };
    }

    public static Fault ConnectionReset { get; } = new(FaultKind.ConnectionReset, 0);

    /// <param name="keep">The share of the page sent, between 0 and 1 (exclusive).</param>
    public static Fault Truncated(double keep = 0.5)
    {
        if (keep is < 0 or >= 1 || double.IsNaN(keep))
        {
            throw new ArgumentOutOfRangeException(nameof(keep), keep, "Keep less than the whole page.");
        }

        return new Fault(FaultKind.Truncated, 200) { Keep = keep };
    }

    /// <summary>The block page. reddit answers it with 403 (what clients report for the network-policy block);
    /// its older rate-limit variant of the same page came with 429, which <paramref name="status"/> allows.</summary>
    public static Fault Blocked(int status = 403)
    {
        if (status is not (403 or 429))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "The block page comes with 403 or 429.");
        }

        return new Fault(FaultKind.Blocked, status);
    }

    /// <param name="depth">How many <c>div</c>s nest inside the body, each closed (1..100,000,000).</param>
    public static Fault Nested(int depth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, 100_000_000);
        return new Fault(FaultKind.Nested, 200) { Depth = depth };
    }

    /// <param name="bytes">The page's length, at least 1 KiB so the page's shell fits.</param>
    public static Fault Huge(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1024);
        return new Fault(FaultKind.Huge, 200) { Bytes = bytes };
    }

    /// <summary>Never ends: stop it by leaving (the client) or by stopping the simulator.</summary>
    public static Fault Endless { get; } = new(FaultKind.Endless, 200);

    /// <param name="every">How long the simulator waits (on its clock) between two pieces of the body.</param>
    public static Fault Trickle(TimeSpan every)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(every, TimeSpan.Zero);
        return new Fault(FaultKind.Trickle, 200) { Delay = every };
    }
}

/// <summary>Faults to produce, on demand: for the next K requests of a route kind, or at random with a given
/// probability (a seeded <see cref="Random"/>, so a run can be replayed). Thread-safe. Queued faults are used
/// first, in the order given; then each probability rule is rolled in the order given.</summary>
public sealed class FaultPlan
{
    private readonly Lock _gate = new();
    private readonly List<(Fault Fault, RouteKind? Route, int Left)> _queued = [];
    private readonly List<(Fault Fault, RouteKind? Route, double Probability)> _random = [];
    private readonly Random _dice;

    internal FaultPlan(int seed) => _dice = new Random(seed);

    /// <summary>The next <paramref name="count"/> requests of <paramref name="route"/> (null: of any kind) get
    /// the fault.</summary>
    public void Next(Fault fault, int count = 1, RouteKind? route = null)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_gate)
        {
            _queued.Add((fault, route, count));
        }
    }

    /// <summary>Each request of <paramref name="route"/> (null: of any kind) gets the fault with the given
    /// probability, until <see cref="Clear"/>.</summary>
    public void Sometimes(Fault fault, double probability, RouteKind? route = null)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (probability is < 0 or > 1 || double.IsNaN(probability))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "A probability is between 0 and 1.");
        }

        lock (_gate)
        {
            _random.Add((fault, route, probability));
        }
    }

    /// <summary>No more faults.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _queued.Clear();
            _random.Clear();
        }
    }

    /// <summary>The fault for this request, if any, used up as it is chosen.</summary>
    internal Fault? Choose(RouteKind route)
    {
        lock (_gate)
        {
            for (var i = 0; i < _queued.Count; i++)
            {
                var (fault, only, left) = _queued[i];
                if (only is null || only == route)
                {
                    if (left == 1)
                    {
                        _queued.RemoveAt(i);
                    }
                    else
                    {
                        _queued[i] = (fault, only, left - 1);
                    }

                    return fault;
                }
            }

            foreach (var (fault, only, probability) in _random)
            {
                if ((only is null || only == route) && _dice.NextDouble() < probability)
                {
                    return fault;
                }
            }

            return null;
        }
    }
}
