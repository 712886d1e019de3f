using System.Collections.Immutable;
using System.Globalization;
using Scraper.Jobs.OldReddit;
using Scraper.Simulator.World;

namespace Scraper.Simulator;

/// <summary>What the simulated old.reddit holds: subreddits and their submissions, and the ads shown between
/// them. Thread-safe: changes are serialized and swap in a new immutable snapshot, so pages being served
/// never see half a change. Deterministic: the same seed and the same calls give the same world.</summary>
public sealed class SimulatedWorld
{
    // Ids are base36 and grow with time, as reddit's do; this is where 2024's ids were.
    private static readonly long FirstId = ContentGenerator.FromBase36("1g00000");

    private readonly Lock _gate = new();
    private readonly Random _random;
    private readonly Dictionary<string, Random> _subredditRandoms = new(StringComparer.OrdinalIgnoreCase);
    private readonly Arrivals _arrivals;
    private long _lastId;
    private volatile WorldState _state;
    private ITimer? _arrivalTimer;

    /// <param name="seed">Everything generated follows from it.</param>
    /// <param name="time">The world's clock: submission times are spread back from its now, and
    /// <see cref="Post"/> stamps its now. Defaults to the system clock.</param>
    public SimulatedWorld(int seed = 1, TimeProvider? time = null)
    {
        Seed = seed;
        Time = time ?? TimeProvider.System;
        _random = new Random(seed);
        _arrivals = new Arrivals(ContentGenerator.StableHash("arrivals/" + seed.ToString(CultureInfo.InvariantCulture)));
        _lastId = FirstId + _random.Next(0, 1_000_000);

        var now = Now();
        var ads = Enumerable.Range(0, 3)
            .Select(_ => ContentGenerator.Ad(_random, NextId(), now.AddDays(-_random.Next(1, 400))))
            .ToImmutableArray();
        _state = WorldState.Empty with { Ads = ads };
    }

    public int Seed { get; }

    public TimeProvider Time { get; }

    /// <summary>Whether listing pages carry promoted ads (two per page where there is room, never last).
    /// Default true, as for a logged-out reader.</summary>
    public bool ShowAds { get; set; } = true;

    public IReadOnlyList<string> Subreddits => [.. _state.Subreddits.Values.Select(s => s.Name).Order(StringComparer.Ordinal)];

    /// <summary>The ids of the ads that listing pages show.</summary>
    public IReadOnlyList<string> AdIds => [.. _state.Ads.Select(a => a.Id)];

    internal WorldState State => _state;

    /// <summary>Adds a subreddit with submissions created at random times over a past window, ids growing with
    /// time.</summary>
    /// <param name="submissions">How many submissions it has.</param>
    /// <param name="spread">How far back they go from now; default a week, at least a minute.</param>
    /// <param name="name">reddit's spelling, e.g. <c>China_irl</c>; URLs match it in any case.</param>
    /// <param name="stickied">How many of them are stickied (shown above the first page only).</param>
    public void AddSubreddit(string name, int submissions, TimeSpan? spread = null, int stickied = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegative(submissions);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(stickied, submissions);
        var window = spread ?? TimeSpan.FromDays(7);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.FromMinutes(1));

        lock (_gate)
        {
            if (_state.Subreddits.ContainsKey(name))
            {
                throw new ArgumentException("The world already has r/" + name + ".", nameof(name));
            }

            // Not HashCode.Combine: its seed differs between processes, and the world must not.
            var random = new Random(ContentGenerator.StableHash(Seed.ToString(CultureInfo.InvariantCulture) + "/" + name.ToUpperInvariant()));
            _subredditRandoms[name] = random;
            var now = Now();
            var times = Enumerable.Range(0, submissions)
                .Select(_ => now.AddSeconds(-(long)(60 + (random.NextDouble() * (window.TotalSeconds - 60)))))
                .Order()
                .ToList();
            var posts = times.Select(created => ContentGenerator.Post(random, NextId(), name, created, now)).ToList();
            foreach (var index in Enumerable.Range(0, submissions).OrderBy(_ => random.Next()).Take(stickied))
            {
                posts[index] = posts[index] with { IsStickied = true };
            }

            var subreddit = SubredditState.Create(name, posts);
            _state = _state with
            {
                Subreddits = _state.Subreddits.Add(name, subreddit),
                Posts = _state.Posts.AddRange(posts.Select(p => KeyValuePair.Create(p.Id, p))),
            };
        }
    }

    /// <summary>New submissions, created now (the world's clock), newest last. Returns their ids.</summary>
    public IReadOnlyList<string> Post(string subreddit, int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            var name = Require(subreddit).Name;
            var now = Now();
            return AddPosts(Enumerable.Repeat((name, now), count), now);
        }
    }

    /// <summary>A burst: <paramref name="posts"/> new submissions in the subreddit at once, created now, whatever
    /// its posting rate (which goes on as before). Returns their ids, newest last.</summary>
    public IReadOnlyList<string> Burst(string subreddit, int posts) => Post(subreddit, posts);

    /// <summary>Posts <paramref name="count"/> submissions every <paramref name="interval"/> of the world's clock
    /// (a <c>FakeTimeProvider</c> posts as it is advanced). Dispose the timer to stop.</summary>
    public ITimer PostEvery(string subreddit, TimeSpan interval, int count = 1)
    {
        Require(subreddit);
        return Time.CreateTimer(_ => Post(subreddit, count), null, interval, interval);
    }

    /// <summary>Adds <paramref name="count"/> subreddits whose posting rates follow Zipf's law, as reddit's do: the
    /// subreddit of rank k posts at a rate proportional to 1/k^<paramref name="exponent"/>, the rates summing to
    /// <paramref name="totalPostsPerHour"/>. Each gets a history: its posts going back from now as its Poisson
    /// process would have made them, over <paramref name="history"/> (at least its latest post, which may be
    /// older), at most <paramref name="maxHistoryPosts"/>. Ids grow with time across all of them. From
    /// <see cref="StartArrivals"/> on, each posts at its rate (<see cref="PostingRate"/>).</summary>
    /// <param name="count">How many subreddits: named <paramref name="prefix"/> and a number,
    /// <c>sub0000</c>…; which name gets which rank is shuffled, so a name says nothing of its rate.</param>
    /// <param name="totalPostsPerHour">The sum of their rates.</param>
    /// <param name="exponent">Zipf's s: 1 is the classic law, 0 makes every rate equal.</param>
    /// <param name="prefix">The names' start; letters, digits and underscores as reddit allows.</param>
    /// <param name="seed">Their ranks and histories follow from it; default the world's seed.</param>
    /// <param name="history">How far back their posts go; default a day. A world of 5,000 subreddits at 10,000
    /// posts an hour then holds about 165,000 posts (some 200 MB, made in about five seconds), the busiest
    /// two dozen of them capped at <paramref name="maxHistoryPosts"/> each.</param>
    /// <param name="maxHistoryPosts">The most posts one subreddit starts with; default 1000, all a listing can
    /// show anyway.</param>
    /// <returns>Their names, in name order.</returns>
    public IReadOnlyList<string> AddZipfSubreddits(
        int count, double totalPostsPerHour, double exponent = 1.0, string prefix = "sub", int? seed = null, TimeSpan? history = null,
        int maxHistoryPosts = SubredditState.ListingDepth)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalPostsPerHour);
        ArgumentOutOfRangeException.ThrowIfNegative(exponent);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxHistoryPosts);
        var window = history ?? TimeSpan.FromDays(1);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.Zero, nameof(history));

        var random = new Random(ContentGenerator.StableHash(
            "zipf/" + (seed ?? Seed).ToString(CultureInfo.InvariantCulture) + "/" + prefix.ToUpperInvariant()));
        var digits = Math.Max(4, (count - 1).ToString(CultureInfo.InvariantCulture).Length);
        var names = Enumerable.Range(0, count).Select(i => prefix + i.ToString("D" + digits, CultureInfo.InvariantCulture)).ToList();
        var weights = Enumerable.Range(1, count).Select(rank => 1 / Math.Pow(rank, exponent)).ToList();
        var scale = totalPostsPerHour / weights.Sum();
        var ranks = Enumerable.Range(0, count).ToArray();
        random.Shuffle(ranks);

        lock (_gate)
        {
            if (names.FirstOrDefault(_state.Subreddits.ContainsKey) is { } taken)
            {
                throw new ArgumentException("The world already has r/" + taken + ".", nameof(prefix));
            }

            var now = Now();
            var start = now - window;
            var arrivals = new List<(string Subreddit, DateTimeOffset Created)>();
            var rates = new List<(string Name, double Rate)>(count);
            for (var i = 0; i < count; i++)
            {
                var rate = weights[ranks[i]] * scale;
                rates.Add((names[i], rate));
                // Back from now in exponential gaps: the same process the arrivals go on with.
                var at = now;
                for (var posts = 0; posts < maxHistoryPosts; posts++)
                {
                    // At most ten years between two posts, so a tiny rate cannot run off the calendar.
                    at = at.AddHours(Math.Max(Math.Log(1 - random.NextDouble()) / rate, -24 * 3652.5));
                    if (at < start && posts > 0)
                    {
                        break;
                    }

                    arrivals.Add((names[i], Whole(at)));
                }
            }

            var subreddits = _state.Subreddits.ToBuilder();
            foreach (var name in names)
            {
                _subredditRandoms[name] = new Random(ContentGenerator.StableHash(Seed.ToString(CultureInfo.InvariantCulture) + "/" + name.ToUpperInvariant()));
                subreddits.Add(name, SubredditState.Create(name, []));
            }

            _state = _state with { Subreddits = subreddits.ToImmutable() };
            AddPosts(arrivals.OrderBy(a => a.Created), now);
            foreach (var (name, rate) in rates)
            {
                _arrivals.SetRate(name, rate, now);
            }

            return names;
        }
    }

    /// <summary>The subreddit's configured posting rate in posts per hour (before any <see cref="Surge"/>): what
    /// <see cref="AddZipfSubreddits"/> or <see cref="SetPostingRate"/> gave it, 0 if nothing did.</summary>
    public double PostingRate(string subreddit)
    {
        lock (_gate)
        {
            return _arrivals.RateOf(Require(subreddit).Name);
        }
    }

    /// <summary>Every subreddit with a posting rate, and the rate (posts per hour, before any surge).</summary>
    public IReadOnlyDictionary<string, double> PostingRates
    {
        get
        {
            lock (_gate)
            {
                return _arrivals.Rates;
            }
        }
    }

    /// <summary>From <see cref="StartArrivals"/> on, the subreddit gets new submissions at random, a Poisson process
    /// at <paramref name="postsPerHour"/> (0 stops it). Any subreddit can have one.</summary>
    public void SetPostingRate(string subreddit, double postsPerHour)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(postsPerHour);
        lock (_gate)
        {
            _arrivals.SetRate(Require(subreddit).Name, postsPerHour, Time.GetUtcNow());
        }
    }

    /// <summary>For <paramref name="duration"/> from now the subreddit posts at <paramref name="multiplier"/> times
    /// its rate (a thread goes viral; 0 silences it), then at its rate again. A later surge replaces this one.</summary>
    public void Surge(string subreddit, double multiplier, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(multiplier);
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        lock (_gate)
        {
            var now = Time.GetUtcNow();
            _arrivals.Surge(Require(subreddit).Name, multiplier, now + duration, now);
        }
    }

    /// <summary>Starts the arrivals of every subreddit with a posting rate: ONE timer of the world's clock, every
    /// <paramref name="tick"/> (default a second), posts what has arrived since, each submission created at its
    /// own arrival time (whole seconds). A <c>FakeTimeProvider</c> posts as it is advanced. Dispose the timer to
    /// stop; starting again draws every next arrival afresh, so nothing piles up meanwhile.</summary>
    /// <exception cref="InvalidOperationException">The arrivals are already running.</exception>
    public ITimer StartArrivals(TimeSpan? tick = null)
    {
        var period = tick ?? TimeSpan.FromSeconds(1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero, nameof(tick));
        lock (_gate)
        {
            if (_arrivalTimer is not null)
            {
                throw new InvalidOperationException("The arrivals are already running; dispose their timer first.");
            }

            _arrivals.Restart(Time.GetUtcNow());
            var timer = new ArrivalTimer(this);
            _arrivalTimer = timer;
            timer.Inner = Time.CreateTimer(static state => ((SimulatedWorld)state!).Arrive(), this, period, period);
            return timer;
        }
    }

    /// <summary>The author deletes the submission: its page shows [deleted] as author and body, and it leaves the
    /// listings.</summary>
    public void Delete(string id) => Change(id, p => p with { State = PostState.Deleted });

    /// <summary>Moderators remove the submission: a self post's body reads [removed], and it leaves the listings.</summary>
    public void Remove(string id) => Change(id, p => p.State == PostState.Deleted ? p : p with { State = PostState.Removed });

    /// <summary>The submission lives on: its score and comment count move (the page renders that many comments: the
    /// ones before and new ones), and, given <paramref name="editedText"/>, its author edits a self post's body to
    /// that one paragraph, stamped edited now.</summary>
    public void Evolve(string id, long score, int comments, string? editedText = null)
    {
        var now = Time.GetUtcNow();
        Change(id, p => p with
        {
            Score = score,
            CommentCount = comments,
            Selftext = editedText is null ? p.Selftext
                : p.Kind != PostKind.Self ? throw new InvalidOperationException(id + " is no self post: it has no text to edit.")
                : new Selftext("<p>" + ContentGenerator.EscapeText(editedText) + "</p>", editedText),
            EditedUtc = editedText is null ? p.EditedUtc : new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero),
        });
    }

    /// <summary>The submission's <paramref name="comments"/> comments become one thread, each replying to the one
    /// before: deeper than reddit renders on a page (<c>Expectations.DepthLimit</c>), so the page ends in "continue
    /// this thread", a link to the page of the last comment shown, which goes on the same way.</summary>
    public void Thread(string id, int comments) => Change(id, p => p with { IsThreaded = true, CommentCount = comments });

    /// <summary>What <c>SubmissionPageParser</c> should read off the "continue this thread" page of the submission's
    /// comment <paramref name="commentId"/>: that comment at the top, its replies under it.</summary>
    public SubmissionPage ExpectedThreadPage(string id, string commentId, Uri site)
    {
        ArgumentNullException.ThrowIfNull(site);
        var state = _state;
        var post = state.Posts.GetValueOrDefault(id) ?? throw new KeyNotFoundException("The world has no submission " + id + ".");
        var root = Expectations.CommentIndex(post, commentId) ?? throw new KeyNotFoundException(id + " has no comment " + commentId + ".");
        return Expectations.Page(post, state.Subreddits[post.Subreddit], site, root);
    }

    /// <summary>The subreddit goes private: its pages answer 403 with the private-community interstitial.</summary>
    public void MakePrivate(string subreddit, bool isPrivate = true) =>
        ChangeSubreddit(subreddit, s => s.With(isPrivate, s.IsNsfw));

    /// <summary>The subreddit becomes over 18: its pages show the over-18 interstitial unless the request carries
    /// the cookie <c>over18=1</c>, and its posts are marked NSFW.</summary>
    public void MarkNsfw(string subreddit, bool isNsfw = true) =>
        ChangeSubreddit(subreddit, s => s.With(s.IsPrivate, isNsfw));

    /// <summary>The ids /new/ lists, newest first: without stickied, deleted and removed posts, and without the
    /// 1000-item cut the pages make.</summary>
    public IReadOnlyList<string> ListedIds(string subreddit) =>
        [.. Require(subreddit).All.Where(p => p.IsListed && !p.IsStickied).Select(p => p.Id)];

    /// <summary>The stickied posts still up, in the order the first page shows them.</summary>
    public IReadOnlyList<string> StickiedIds(string subreddit) => [.. Require(subreddit).Stickied.Select(p => p.Id)];

    /// <summary>Every submission ever made in the subreddit, deleted and removed ones too, newest first.</summary>
    public IReadOnlyList<string> AllIds(string subreddit) => [.. Require(subreddit).All.Select(p => p.Id)];

    /// <summary>What a parser should read for this thing, a submission or an ad, off a page served at
    /// <paramref name="site"/> (the simulator's <see cref="SimulatedReddit.BaseUrl"/>).</summary>
    public Submission Expected(string id, Uri site)
    {
        ArgumentNullException.ThrowIfNull(site);
        var state = _state;
        if (state.Posts.TryGetValue(id, out var post))
        {
            return Expectations.Submission(post, state.Subreddits[post.Subreddit], site);
        }

        var ad = state.Ads.FirstOrDefault(a => a.Id == id)
            ?? throw new KeyNotFoundException("The world has no submission or ad " + id + ".");
        return Expectations.Ad(ad, site);
    }

    /// <summary>What <c>SubmissionPageParser</c> should read off the submission's page.</summary>
    public SubmissionPage ExpectedPage(string id, Uri site)
    {
        ArgumentNullException.ThrowIfNull(site);
        var state = _state;
        var post = state.Posts.GetValueOrDefault(id) ?? throw new KeyNotFoundException("The world has no submission " + id + ".");
        return Expectations.Page(post, state.Subreddits[post.Subreddit], site);
    }

    private void Change(string id, Func<SimulatedPost, SimulatedPost> change)
    {
        lock (_gate)
        {
            var post = _state.Posts.GetValueOrDefault(id) ?? throw new KeyNotFoundException("The world has no submission " + id + ".");
            var changed = change(post);
            var subreddit = _state.Subreddits[post.Subreddit];
            _state = _state with
            {
                Posts = _state.Posts.SetItem(id, changed),
                Subreddits = _state.Subreddits.SetItem(
                    subreddit.Name, subreddit.With(subreddit.All.Select(p => p.Id == id ? changed : p))),
            };
        }
    }

    private void ChangeSubreddit(string name, Func<SubredditState, SubredditState> change)
    {
        lock (_gate)
        {
            var subreddit = Require(name);
            _state = _state with { Subreddits = _state.Subreddits.SetItem(subreddit.Name, change(subreddit)) };
        }
    }

    /// <summary>Makes submissions at the given times (no later than <paramref name="now"/>, in time order, so
    /// ids grow with time), one state swap for all. Under the lock. Returns their ids in order.</summary>
    private List<string> AddPosts(IEnumerable<(string Subreddit, DateTimeOffset Created)> arrivals, DateTimeOffset now)
    {
        var posts = arrivals
            .Select(a => ContentGenerator.Post(_subredditRandoms[a.Subreddit], NextId(), a.Subreddit, a.Created, now))
            .ToList();
        if (posts.Count == 0)
        {
            return [];
        }

        var subreddits = _state.Subreddits.ToBuilder();
        foreach (var group in posts.GroupBy(p => p.Subreddit, StringComparer.Ordinal))
        {
            var current = subreddits[group.Key];
            subreddits[group.Key] = current.With(current.All.Concat(group));
        }

        _state = _state with
        {
            Subreddits = subreddits.ToImmutable(),
            Posts = _state.Posts.AddRange(posts.Select(p => KeyValuePair.Create(p.Id, p))),
        };
        return [.. posts.Select(p => p.Id)];
    }

    // The arrival timer's tick.
    private void Arrive()
    {
        lock (_gate)
        {
            if (_arrivalTimer is null)
            {
                return;
            }

            var now = Time.GetUtcNow();
            AddPosts(_arrivals.Due(now).Select(a => (a.Subreddit, Whole(a.At))), Whole(now));
        }
    }

    private SubredditState Require(string name) =>
        _state.Subreddit(name) ?? throw new KeyNotFoundException("The world has no r/" + name + ".");

    private string NextId()
    {
        _lastId += _random.Next(1, 40);
        return ContentGenerator.Base36(_lastId);
    }

    // reddit's times are whole seconds.
    private DateTimeOffset Now() => Whole(Time.GetUtcNow());

    private static DateTimeOffset Whole(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary>The one timer of <see cref="StartArrivals"/>: disposing it stops the arrivals.</summary>
    private sealed class ArrivalTimer(SimulatedWorld world) : ITimer
    {
        public ITimer? Inner { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period) => Inner!.Change(dueTime, period);

        public void Dispose()
        {
            lock (world._gate)
            {
                if (world._arrivalTimer == this)
                {
                    world._arrivalTimer = null;
                }
            }

            Inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
