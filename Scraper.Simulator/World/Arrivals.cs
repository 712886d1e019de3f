namespace Scraper.Simulator.World;

/// <summary>When each subreddit's next submission arrives: a Poisson process per subreddit at its posting rate
/// (posts per hour), optionally multiplied for a while by a surge. All of them share one queue of next-arrival
/// times, so a world of thousands of subreddits needs one timer that takes what is due, not a timer each.
/// Not thread-safe: the world calls it under its lock.</summary>
/// <remarks>Exact for piecewise-constant rates: the gaps of a Poisson process are exponential and memoryless, so
/// when a rate changes (a new rate, a surge starting or ending) the next arrival is drawn afresh from that moment.
/// Draws happen in arrival order, whatever the timer's tick, so a seed gives the same arrivals however often the
/// clock is looked at.</remarks>
internal sealed class Arrivals(int seed)
{
    private readonly Random _random = new(seed);
    private readonly Dictionary<string, Schedule> _schedules = new(StringComparer.OrdinalIgnoreCase);
    private readonly PriorityQueue<(string Subreddit, int Version), long> _next = new();

    /// <summary>The configured rates (posts per hour, before any surge), of the subreddits that have one.</summary>
    public IReadOnlyDictionary<string, double> Rates =>
        _schedules.Where(s => s.Value.Rate > 0).ToDictionary(s => s.Key, s => s.Value.Rate, StringComparer.OrdinalIgnoreCase);

    public double RateOf(string subreddit) => _schedules.TryGetValue(subreddit, out var schedule) ? schedule.Rate : 0;

    public void SetRate(string subreddit, double postsPerHour, DateTimeOffset now)
    {
        var schedule = ScheduleOf(subreddit);
        schedule.Rate = postsPerHour;
        Reschedule(subreddit, schedule, now.UtcTicks);
    }

    /// <summary>Multiplies the subreddit's rate by <paramref name="multiplier"/> until <paramref name="until"/>.</summary>
    public void Surge(string subreddit, double multiplier, DateTimeOffset until, DateTimeOffset now)
    {
        var schedule = ScheduleOf(subreddit);
        schedule.Multiplier = multiplier;
        schedule.SurgeUntil = until.UtcTicks;
        Reschedule(subreddit, schedule, now.UtcTicks);
    }

    /// <summary>Draws every next arrival afresh from <paramref name="now"/>: after a pause nothing piles up.</summary>
    public void Restart(DateTimeOffset now)
    {
        foreach (var (subreddit, schedule) in _schedules)
        {
            Reschedule(subreddit, schedule, now.UtcTicks);
        }
    }

    /// <summary>The arrivals due by <paramref name="now"/>, in time order; each subreddit's next one is drawn as its
    /// last is taken.</summary>
    public List<(string Subreddit, DateTimeOffset At)> Due(DateTimeOffset now)
    {
        var due = new List<(string, DateTimeOffset)>();
        while (_next.TryPeek(out var entry, out var at) && at <= now.UtcTicks)
        {
            _next.Dequeue();
            var schedule = _schedules[entry.Subreddit];
            if (entry.Version != schedule.Version)
            {
                // Superseded by a later change of rate.
                continue;
            }

            due.Add((entry.Subreddit, new DateTimeOffset(at, TimeSpan.Zero)));
            Enqueue(entry.Subreddit, schedule, at);
        }

        return due;
    }

    private Schedule ScheduleOf(string subreddit)
    {
        if (!_schedules.TryGetValue(subreddit, out var schedule))
        {
            schedule = new Schedule();
            _schedules[subreddit] = schedule;
        }

        return schedule;
    }

    private void Reschedule(string subreddit, Schedule schedule, long now)
    {
        // Entries already queued for the subreddit are skipped when they come up.
        schedule.Version++;
        Enqueue(subreddit, schedule, now);
    }

    private void Enqueue(string subreddit, Schedule schedule, long from)
    {
        if (Next(schedule, from) is { } at)
        {
            _next.Enqueue((subreddit, schedule.Version), at);
        }
    }

    /// <summary>The next arrival after <paramref name="from"/>, or null when the subreddit no longer posts.</summary>
    private long? Next(Schedule schedule, long from)
    {
        if (from < schedule.SurgeUntil && schedule.Rate * schedule.Multiplier > 0)
        {
            var at = from + Gap(schedule.Rate * schedule.Multiplier);
            if (at < schedule.SurgeUntil)
            {
                return at;
            }

            from = schedule.SurgeUntil;
        }

        return schedule.Rate > 0 ? Math.Max(from, schedule.SurgeUntil) + Gap(schedule.Rate) : null;
    }

    // An exponential gap, in ticks, for a rate in posts per hour: at least one tick, so time moves on, and at most
    // a century, so a tiny rate cannot overflow the clock.
    private long Gap(double postsPerHour) =>
        (long)Math.Clamp(-Math.Log(1 - _random.NextDouble()) / postsPerHour * TimeSpan.TicksPerHour, 1, TimeSpan.TicksPerDay * 36_525.0);

    private sealed class Schedule
    {
        public double Rate { get; set; }

        public double Multiplier { get; set; } = 1;

        public long SurgeUntil { get; set; } = long.MinValue;

        public int Version { get; set; }
    }
}
