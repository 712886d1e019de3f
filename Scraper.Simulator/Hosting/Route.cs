namespace Scraper.Simulator.Hosting;

/// <summary>What a request path asks for: <c>/r/{sub}/new/</c> or <c>/r/{sub}/comments/{id}/{slug}/</c> (slug
/// optional, trailing slash optional; a comment's id after the slug asks for that comment's thread), anything else is <see cref="RouteKind.Other"/>. A combined listing,
/// <c>/r/a+b+c/new/</c>, is a <see cref="RouteKind.Listing"/> too, its <see cref="Subreddit"/> the segment as sent
/// (<c>a+b+c</c>); <c>World.Combination</c> says which subreddits it names. Matched by hand rather than
/// with endpoint routing: the fault plan and the request log need the route kind before any endpoint runs, and
/// two shapes of path do not need a router.</summary>
internal readonly record struct Route(RouteKind Kind, string? Subreddit = null, string? Id = null, string? Comment = null)
{
    public static Route Match(string method, string? path)
    {
        if (!HttpMethodIs(method, "GET") && !HttpMethodIs(method, "HEAD"))
        {
            return new Route(RouteKind.Other);
        }

        var segments = (path ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 3 || segments[0] != "r")
        {
            return new Route(RouteKind.Other);
        }

        if (segments is [_, var sub, "new"])
        {
            return new Route(RouteKind.Listing, sub);
        }

        if (segments.Length is 4 or 5 && segments[2] == "comments")
        {
            return new Route(RouteKind.Submission, segments[1], segments[3]);
        }

        // A comment's permalink: its "continue this thread" page.
        if (segments is [_, var subreddit, "comments", var id, _, var comment])
        {
            return new Route(RouteKind.Submission, subreddit, id, comment);
        }

        return new Route(RouteKind.Other);
    }

    private static bool HttpMethodIs(string method, string expected) =>
        string.Equals(method, expected, StringComparison.OrdinalIgnoreCase);
}
