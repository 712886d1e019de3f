namespace Scraper.Simulator;

/// <summary>One request as the simulator answered it.</summary>
/// <param name="ReceivedAt">When it arrived, on the simulator's clock.</param>
/// <param name="Elapsed">From arrival to the answer, on the simulator's clock (a slow fault's delay shows here).</param>
/// <param name="Path">Path and query as sent.</param>
/// <param name="Route">The kind of page asked for.</param>
/// <param name="Status">The status sent; 0 when no answer was (the connection was reset, or the client left
/// during a slow answer).</param>
/// <param name="ClientId">The <c>X-Client-Id</c> header, where the client sent one.</param>
/// <param name="Fault">The fault produced, if any.</param>
/// <param name="ViolatedRetryAfter">It arrived before a Retry-After the simulator had announced had passed.</param>
/// <param name="SessionSent">It carried a <c>reddit_session</c> cookie (never recorded: it is a secret).</param>
/// <param name="LoggedIn">It was served logged in (a session was required, and this one was accepted).</param>
public sealed record RequestRecord(
    DateTimeOffset ReceivedAt,
    TimeSpan Elapsed,
    string Path,
    RouteKind Route,
    int Status,
    string? ClientId,
    FaultKind? Fault,
    bool ViolatedRetryAfter,
    bool SessionSent = false,
    bool LoggedIn = false);

/// <summary>What the simulator was asked and what it answered. Thread-safe. A request is recorded before its body
/// is sent, so a client holding a response finds its request here.</summary>
public sealed class RequestLog
{
    /// <summary>Records kept in <see cref="Requests"/> and <see cref="Violations"/>; the counts cover every
    /// request. A long sandbox run would otherwise keep every request it ever served.</summary>
    public const int Capacity = 100_000;

    private readonly Lock _gate = new();
    private readonly Queue<RequestRecord> _requests = new();
    private readonly Queue<RequestRecord> _violations = new();
    private readonly Dictionary<(RouteKind, int), int> _counts = [];
    private DateTimeOffset? _notBefore;
    private int _violationCount;

    /// <summary>The latest requests, oldest first.</summary>
    public IReadOnlyList<RequestRecord> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The latest requests that came before the Retry-After the simulator had announced had passed.</summary>
    public IReadOnlyList<RequestRecord> Violations
    {
        get
        {
            lock (_gate)
            {
                return [.. _violations];
            }
        }
    }

    /// <summary>How many requests came before the Retry-After the simulator had announced had passed.</summary>
    public int RetryAfterViolations
    {
        get
        {
            lock (_gate)
            {
                return _violationCount;
            }
        }
    }

    /// <summary>The latest instant a Retry-After told clients to wait for; null before the first 429.</summary>
    public DateTimeOffset? NotBefore
    {
        get
        {
            lock (_gate)
            {
                return _notBefore;
            }
        }
    }

    public int Total
    {
        get
        {
            lock (_gate)
            {
                return _counts.Values.Sum();
            }
        }
    }

    /// <summary>Requests of this kind answered with this status (0: connection reset).</summary>
    public int Count(RouteKind route, int status)
    {
        lock (_gate)
        {
            return _counts.GetValueOrDefault((route, status));
        }
    }

    /// <summary>Requests of this kind, whatever the answer.</summary>
    public int Count(RouteKind route)
    {
        lock (_gate)
        {
            return _counts.Where(c => c.Key.Item1 == route).Sum(c => c.Value);
        }
    }

    /// <summary>Forgets every request and the Retry-After announced.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
            _violations.Clear();
            _violationCount = 0;
            _counts.Clear();
            _notBefore = null;
        }
    }

    /// <summary>Whether a request arriving now breaks the Retry-After announced last.</summary>
    internal bool IsTooEarly(DateTimeOffset arrival)
    {
        lock (_gate)
        {
            return arrival < _notBefore;
        }
    }

    /// <summary>A 429 told clients to come back no earlier than <paramref name="notBefore"/>.</summary>
    internal void Announce(DateTimeOffset notBefore)
    {
        lock (_gate)
        {
            if (_notBefore is null || notBefore > _notBefore)
            {
                _notBefore = notBefore;
            }
        }
    }

    internal void Add(RequestRecord record)
    {
        lock (_gate)
        {
            _requests.Enqueue(record);
            if (_requests.Count > Capacity)
            {
                _requests.Dequeue();
            }

            if (record.ViolatedRetryAfter)
            {
                _violationCount++;
                _violations.Enqueue(record);
                if (_violations.Count > Capacity)
                {
                    _violations.Dequeue();
                }
            }

            var key = (record.Route, record.Status);
            _counts[key] = _counts.GetValueOrDefault(key) + 1;
        }
    }
}
