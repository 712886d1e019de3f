using System.Collections.Immutable;

namespace Scraper.Simulator.World;

/// <summary>One subreddit at one moment. Immutable: a request renders from the snapshot it read, whatever
/// changes meanwhile.</summary>
internal sealed class SubredditState
{
    /// <summary>reddit precomputes a listing as at most 1000 things; paging never goes deeper.</summary>
    public const int ListingDepth = 1000;

    private SubredditState(string name, bool isPrivate, bool isNsfw, ImmutableArray<SimulatedPost> all)
    {
        Name = name;
        Fullname = "t5_" + ContentGenerator.Base36(ContentGenerator.StableHash(name) % 60_000_000L + 1_000_000L);
        IsPrivate = isPrivate;
        IsNsfw = isNsfw;
        All = all;
        Listed = [.. all.Where(p => p.IsListed && !p.IsStickied).Take(ListingDepth)];
        Stickied = [.. all.Where(p => p.IsListed && p.IsStickied).OrderBy(p => p.CreatedUtc)];
    }

    public string Name { get; }

    public string Fullname { get; }

    public bool IsPrivate { get; }

    public bool IsNsfw { get; }

    /// <summary>Every submission, deleted and removed ones too, newest first.</summary>
    public ImmutableArray<SimulatedPost> All { get; }

    /// <summary>What /new/ lists: newest first, without stickied, deleted and removed posts, cut at 1000.</summary>
    public ImmutableArray<SimulatedPost> Listed { get; }

    /// <summary>Stickied posts still up, shown above the first page.</summary>
    public ImmutableArray<SimulatedPost> Stickied { get; }

    public static SubredditState Create(string name, IEnumerable<SimulatedPost> posts) =>
        new(name, isPrivate: false, isNsfw: false, Sort(posts));

    public SubredditState With(IEnumerable<SimulatedPost> posts) => new(Name, IsPrivate, IsNsfw, Sort(posts));

    public SubredditState With(bool isPrivate, bool isNsfw) => new(Name, isPrivate, isNsfw, All);

    /// <summary>Newest first; within one second the larger id first, as ids grow with time.</summary>
    public static int NewestFirst(SimulatedPost a, SimulatedPost b)
    {
        var byTime = b.CreatedUtc.CompareTo(a.CreatedUtc);
        if (byTime != 0)
        {
            return byTime;
        }

        var byLength = b.Id.Length.CompareTo(a.Id.Length);
        return byLength != 0 ? byLength : string.CompareOrdinal(b.Id, a.Id);
    }

    private static ImmutableArray<SimulatedPost> Sort(IEnumerable<SimulatedPost> posts)
    {
        var array = posts.ToArray();
        Array.Sort(array, NewestFirst);
        return [.. array];
    }
}

/// <summary>The whole world at one moment: swapped as a unit, so readers never lock.</summary>
internal sealed record WorldState(
    ImmutableDictionary<string, SubredditState> Subreddits,
    ImmutableDictionary<string, SimulatedPost> Posts,
    ImmutableArray<SimulatedAd> Ads)
{
    public static readonly WorldState Empty = new(
        ImmutableDictionary.Create<string, SubredditState>(StringComparer.OrdinalIgnoreCase),
        ImmutableDictionary.Create<string, SimulatedPost>(StringComparer.Ordinal),
        []);

    public SubredditState? Subreddit(string name) => Subreddits.GetValueOrDefault(name);
}
