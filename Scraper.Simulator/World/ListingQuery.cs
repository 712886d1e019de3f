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
    public static ListingSlice Of(SubredditState subreddit, IReadOnlyDictionary<string, SimulatedPost> posts, ListingQuery query)
    {
        var listed = subreddit.Listed;
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

        return new ListingSlice(subreddit.Stickied, listed.Take(query.Limit).ToList(), 1, query.Limit < listed.Length, false);
    }

    private static int FirstOlderThan(IReadOnlyList<SimulatedPost> listed, SimulatedPost cursor)
    {
        // Binary search: the listing is sorted newest first, and one can be 1000 posts long.
        int low = 0, high = listed.Count;
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
