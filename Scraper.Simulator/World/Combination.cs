using System.Collections.Immutable;

namespace Scraper.Simulator.World;

/// <summary>The subreddits a combined listing (<c>/r/a+b+c/new/</c>) names, resolved as reddit's r2 resolves them
/// (<c>set_subreddit</c> in <c>r2/controllers/reddit_base.py</c>):
/// <list type="bullet">
/// <item>members are split on <c>+</c> and matched in any case; order does not matter to the listing, and a
/// member named twice counts once;</item>
/// <item>a member that does not exist (or is banned: the world has no banned state, a banned subreddit is one it
/// does not have) is silently left out; the page's own links name only the members found, in the spelling and
/// order asked (<c>/r/a+b/new/?count=25&amp;after=…</c>);</item>
/// <item>none found: "page not found" (404), as for a missing subreddit;</item>
/// <item>one found: that subreddit's own page, exactly as <c>/r/{it}/new/</c> (its stickies, its links, its
/// private or over-18 gate): r2 makes <c>c.site</c> that subreddit;</item>
/// <item>two or more: one listing of their posts, newest first (<see cref="ListingSlice.Merged"/>), without
/// stickies and without any one subreddit's sidebar. A private member's posts are left out (a reader who may
/// not see the subreddit does not see its posts), as are an over-18 member's unless the request carries
/// <c>over18=1</c>: a combination shows no gate. If no member can be shown the page is an empty listing
/// ("there doesn't seem to be anything here"), as r2 filters posts after it has made the combination.</item>
/// </list></summary>
internal sealed record Combination(string Name, ImmutableArray<SubredditState> Members)
{
    /// <summary>Whether a listing's subreddit segment names a combination.</summary>
    public static bool IsCombined(string? names) => names is not null && names.Contains('+', StringComparison.Ordinal);

    /// <summary>The members found, or null when none exists.</summary>
    public static Combination? Resolve(WorldState world, string names)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var spellings = new List<string>();
        var members = ImmutableArray.CreateBuilder<SubredditState>();
        foreach (var name in names.Split('+', StringSplitOptions.RemoveEmptyEntries))
        {
            if (seen.Add(name) && world.Subreddit(name) is { } member)
            {
                spellings.Add(name);
                members.Add(member);
            }
        }

        return members.Count == 0 ? null : new Combination(string.Join('+', spellings), members.ToImmutable());
    }

    /// <summary>The members whose posts the reader sees: not private, and not over 18 unless
    /// <paramref name="over18"/>.</summary>
    public IReadOnlyList<SubredditState> Shown(bool over18) => [.. Members.Where(m => !m.IsPrivate && (over18 || !m.IsNsfw))];
}
