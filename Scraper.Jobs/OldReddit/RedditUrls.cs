using System.Globalization;
using System.Text.RegularExpressions;

namespace Scraper.Jobs.OldReddit;

/// <summary>Builds the old.reddit addresses Scraper reads. Pure: base URL and names in, URL out.</summary>
public static partial class RedditUrls
{
    /// <summary>Where old.reddit sends visitors it will not serve (since July 2026: <c>/login/?reason=lor2</c>).</summary>
    public const string LoginPath = "/login";

    /// <summary>Where old.reddit sends a request for a subreddit that does not exist.</summary>
    public const string SubredditSearchPath = "/subreddits/search";

    /// <summary>reddit's page size ceiling for listings.</summary>
    public const int MaxLimit = 100;

    /// <summary>The newest-first listing of a subreddit: <c>/r/{sub}/new/?limit=&amp;count=&amp;after=</c>.</summary>
    /// <param name="baseUrl">e.g. https://old.reddit.com/ or the simulator's address.</param>
    /// <param name="subreddit">A valid subreddit name.</param>
    /// <param name="limit">Items per page, 1..100.</param>
    /// <param name="after">The fullname (t3_…) the page starts after; null for the first page.</param>
    /// <param name="count">Items already seen, as reddit's own next links carry it.</param>
    public static Uri NewListing(Uri baseUrl, string subreddit, int limit = MaxLimit, string? after = null, int count = 0) =>
        NewListing(baseUrl, [subreddit], limit, after, count);

    /// <summary>The combined newest-first listing of several subreddits, <c>/r/a+b+c/new/</c>: one listing across
    /// them, paged like one subreddit's, each thing naming its own subreddit.</summary>
    public static Uri NewListing(Uri baseUrl, IReadOnlyList<string> subreddits, int limit = MaxLimit, string? after = null, int count = 0)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(subreddits);
        if (subreddits.Count == 0)
        {
            throw new ArgumentException("A listing needs a subreddit.", nameof(subreddits));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        foreach (var subreddit in subreddits)
        {
            EnsureValidSubreddit(subreddit);
        }

        var query = "limit=" + limit.ToString(CultureInfo.InvariantCulture);
        if (after is not null)
        {
            if (!after.StartsWith("t3_", StringComparison.Ordinal) || !IsValidId(after[3..]))
            {
                throw new ArgumentException("after must be a post fullname (t3_<base36 id>): " + after, nameof(after));
            }

            query += "&count=" + count.ToString(CultureInfo.InvariantCulture) + "&after=" + after;
        }

        return new Uri(baseUrl, "/r/" + string.Join('+', subreddits) + "/new/?" + query);
    }

    /// <summary>A submission's page: <c>/r/{sub}/comments/{id}/</c> (reddit serves it without the slug).</summary>
    public static Uri Submission(Uri baseUrl, string subreddit, string id)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        EnsureValidSubreddit(subreddit);
        if (!IsValidId(id))
        {
            throw new ArgumentException("Not a reddit id (base36): " + id, nameof(id));
        }

        return new Uri(baseUrl, "/r/" + subreddit + "/comments/" + id + "/");
    }

    /// <summary>A comment's permalink, the page "continue this thread" links to: the comment and the replies under
    /// it. reddit reads no meaning into the title slug; <c>_</c> is its own for an empty title.</summary>
    public static Uri CommentThread(Uri baseUrl, string subreddit, string id, string commentId)
    {
        if (!IsValidId(commentId))
        {
            throw new ArgumentException("Not a reddit id (base36): " + commentId, nameof(commentId));
        }

        return new Uri(Submission(baseUrl, subreddit, id), "_/" + commentId + "/");
    }

    /// <summary>reddit's rule for subreddit names: letters, digits and underscores, 3 to 21 characters, not
    /// starting with an underscore; a few old two-letter names (r/de) exist, so two is accepted.</summary>
    public static bool IsValidSubredditName(string? name) => name is not null && SubredditName().IsMatch(name);

    /// <summary>A base36 id as reddit writes it: lower-case letters and digits.</summary>
    public static bool IsValidId(string? id) => id is not null && Base36Id().IsMatch(id);

    private static void EnsureValidSubreddit(string subreddit)
    {
        if (!IsValidSubredditName(subreddit))
        {
            throw new ArgumentException(
                "Not a valid subreddit name (letters, digits, underscores; 2-21 characters): " + subreddit,
                nameof(subreddit));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_]{1,20}$")]
    private static partial Regex SubredditName();

    [GeneratedRegex("^[0-9a-z]{1,13}$")]
    private static partial Regex Base36Id();
}
