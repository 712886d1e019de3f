using System.Collections.Immutable;
using System.Globalization;

namespace Scraper.Simulator.World;

/// <summary>The query of a listing request, read the way reddit reads it.</summary>
internal readonly record struct ListingQuery(int Limit, bool LimitGiven, int Count, string? After, string? Before)
{
    public const int DefaultLimit = 25;
    public const int MaxLimit = 100;

    /// <summary>limit: default 25, at most 100 (larger is clamped, as reddit does); count: items already seen,
    /// used only for numbering; after/before: a fullname (<c>t3_x</c>), the bare id is accepted too.</summary>
    public static ListingQuery Read(string? limit, string? count, string? after, string? before)
    {
        var parsedLimit = int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l > 0
            ? Math.Min(l, MaxLimit)
            : DefaultLimit;
        var parsedCount = int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : 0;
        return new ListingQuery(parsedLimit, limit is not null, parsedCount, Id(after), after is null ? Id(before) : null);
    }

    private static string? Id(string? fullname) =>
        string.IsNullOrEmpty(fullname) ? null
        : fullname.StartsWith("t3_", StringComparison.Ordinal) ? fullname[3..]
        : fullname;
}

/// <summary>One listing page: stickied posts (first page only), the page's posts, and where paging goes on.</summary>
internal sealed record ListingSlice(
    IReadOnlyList<SimulatedPost> Stickied,
    IReadOnlyList<SimulatedPost> Items,
    int FirstRank,
    bool HasNext,
    bool HasPrevious)
{
    /// <summary>The <c>count</c> of the next link: the items seen once this page is read.</summary>
    public int NextCount => FirstRank - 1 + Items.Count;

    /// <summary>Pages by cursor, as reddit does: <c>after</c> continues with the first post older than the cursor
    /// post, wherever that is now. New posts above the cursor therefore never shift a later page, and a cursor
    /// post deleted meanwhile still works, because its place in time is known. An unknown cursor gives an
    /// empty page.</summary>
    public static ListingSlice Of(SubredditState subreddit, IReadOnlyDictionary<string, SimulatedPost> posts, ListingQuery query) =>
        Of(subreddit.Listed, subreddit.Stickied, posts, query);

    /// <summary>A combined listing (<c>/r/a+b+c/new/</c>): the members' listings merged newest first and cut at
    /// <see cref="SubredditState.ListingDepth"/> like any listing, paged exactly as <see cref="Of(SubredditState,
    /// IReadOnlyDictionary{string, SimulatedPost}, ListingQuery)"/> pages one subreddit's. No stickied posts:
    /// reddit shows them only on the subreddit's own listing.</summary>
    public static ListingSlice Merged(
        IReadOnlyList<SubredditState> members, IReadOnlyDictionary<string, SimulatedPost> posts, ListingQuery query) =>
        Of(Merge(members), [], posts, query);

    /// <summary>The members' listed posts, newest first, at most <see cref="SubredditState.ListingDepth"/>: a k-way
    /// merge of the members' (already sorted and cut) listings, so a combination of hundreds of subreddits costs
    /// 1000 steps, not a sort of all their posts.</summary>
    public static ImmutableArray<SimulatedPost> Merge(IReadOnlyList<SubredditState> members)
    {
        var queue = new PriorityQueue<(ImmutableArray<SimulatedPost> Listed, int Index), SimulatedPost>(
            members.Count, Comparer<SimulatedPost>.Create(SubredditState.NewestFirst));
        var total = 0;
        foreach (var member in members)
        {
            if (member.Listed.Length > 0)
            {
                queue.Enqueue((member.Listed, 0), member.Listed[0]);
                total += member.Listed.Length;
            }
        }

        var merged = ImmutableArray.CreateBuilder<SimulatedPost>(Math.Min(total, SubredditState.ListingDepth));
        while (merged.Count < SubredditState.ListingDepth && queue.TryDequeue(out var at, out var post))
        {
            merged.Add(post);
            var next = at.Index + 1;
            if (next < at.Listed.Length)
            {
                queue.Enqueue((at.Listed, next), at.Listed[next]);
            }
        }

        return merged.DrainToImmutable();
    }

    private static ListingSlice Of(
        ImmutableArray<SimulatedPost> listed, IReadOnlyList<SimulatedPost> stickied, IReadOnlyDictionary<string, SimulatedPost> posts,
        ListingQuery query)
    {
        if (query.After is { } after)
        {
            if (!posts.TryGetValue(after, out var cursor))
            {
                return new ListingSlice([], [], query.Count + 1, false, false);
            }

            var start = FirstOlderThan(listed, cursor);
            var items = listed.Skip(start).Take(query.Limit).ToList();
            return new ListingSlice([], items, query.Count + 1, start + items.Count < listed.Length, true);
        }

        if (query.Before is { } before)
        {
            if (!posts.TryGetValue(before, out var cursor))
            {
                return new ListingSlice([], [], 1, false, false);
            }

            // Posts newer than the cursor end just before the cursor's place.
            var end = FirstOlderThan(listed, cursor);
            while (end > 0 && SubredditState.NewestFirst(listed[end - 1], cursor) >= 0)
            {
                end--;
            }

            var start = Math.Max(0, end - query.Limit);
            var items = listed.Skip(start).Take(end - start).ToList();
            return new ListingSlice([], items, start + 1, end < listed.Length, start > 0);
        }

        return new ListingSlice(stickied, listed.Take(query.Limit).ToList(), 1, query.Limit < listed.Length, false);
    }

    private static int FirstOlderThan(ImmutableArray<SimulatedPost> listed, SimulatedPost cursor)
    {
        // Binary search: the listing is sorted newest first, and one can be 1000 posts long.
        int low = 0, high = listed.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (SubredditState.NewestFirst(listed[middle], cursor) <= 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
