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
    private long _lastId;
    private volatile WorldState _state;

    /// <param name="seed">Everything generated follows from it.</param>
    /// <param name="time">The world's clock: submission times are spread back from its now, and
    /// <see cref="Post"/> stamps its now. Defaults to the system clock.</param>
    public SimulatedWorld(int seed = 1, TimeProvider? time = null)
    {
        Seed = seed;
        Time = time ?? TimeProvider.System;
        _random = new Random(seed);
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
            var current = Require(subreddit);
            var random = _subredditRandoms[current.Name];
            var now = Now();
            var posts = Enumerable.Range(0, count)
                .Select(_ => ContentGenerator.Post(random, NextId(), current.Name, now, now))
                .ToList();
            _state = _state with
            {
                Subreddits = _state.Subreddits.SetItem(current.Name, current.With(current.All.Concat(posts))),
                Posts = _state.Posts.AddRange(posts.Select(p => KeyValuePair.Create(p.Id, p))),
            };
            return [.. posts.Select(p => p.Id)];
        }
    }

    /// <summary>Posts <paramref name="count"/> submissions every <paramref name="interval"/> of the world's clock
    /// (a <c>FakeTimeProvider</c> posts as it is advanced). Dispose the timer to stop.</summary>
    public ITimer PostEvery(string subreddit, TimeSpan interval, int count = 1)
    {
        Require(subreddit);
        return Time.CreateTimer(_ => Post(subreddit, count), null, interval, interval);
    }

    /// <summary>The author deletes the submission: its page shows [deleted] as author and body, and it leaves the
    /// listings.</summary>
    public void Delete(string id) => Change(id, p => p with { State = PostState.Deleted });

    /// <summary>Moderators remove the submission: a self post's body reads [removed], and it leaves the listings.</summary>
    public void Remove(string id) => Change(id, p => p.State == PostState.Deleted ? p : p with { State = PostState.Removed });

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

    private SubredditState Require(string name) =>
        _state.Subreddit(name) ?? throw new KeyNotFoundException("The world has no r/" + name + ".");

    private string NextId()
    {
        _lastId += _random.Next(1, 40);
        return ContentGenerator.Base36(_lastId);
    }

    // reddit's times are whole seconds.
    private DateTimeOffset Now()
    {
        var now = Time.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }
}
