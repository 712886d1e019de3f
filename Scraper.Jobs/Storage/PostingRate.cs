namespace Scraper.Jobs.Storage;

/// <summary>How fast a subreddit posts, as discovery has seen it: new posts over the hours they arrived in, smoothed
/// with a day's memory (a quiet subreddit stays quiet through a silent hour), and the latest read's own count
/// (a burst shows at once). The estimate is the smoothed rate, or the latest read's when that read saw enough
/// posts to be more than chance and is higher. Pure: observations in, a new value out.</summary>
/// <param name="Posts">New posts seen, forgotten over about a day.</param>
/// <param name="Hours">The hours they were seen over, forgotten alike.</param>
/// <param name="LastPosts">New posts the latest read saw.</param>
/// <param name="LastHours">The hours since the read before it.</param>
/// <param name="Updated">When the latest read was made.</param>
public sealed record PostingRate(double Posts, double Hours, double LastPosts, double LastHours, DateTimeOffset Updated)
{
    private const double MemoryHours = 24;

    /// <summary>What is assumed of a subreddit never read: one post an hour, held as lightly as an hour of
    /// watching, so the first reads replace it.</summary>
    private const double PriorPosts = 1;
    private const double PriorHours = 1;

    /// <summary>Posts in one read that make a burst rather than chance (a Poisson count of 10 is rarely twice its
    /// mean).</summary>
    private const double BurstPosts = 10;

    public double PostsPerHour => LastPosts >= BurstPosts && LastHours > 0
        ? Math.Max(LastPosts / LastHours, Posts / Hours)
        : Posts / Hours;

    public static PostingRate Prior(DateTimeOffset now) => new(PriorPosts, PriorHours, 0, 0, now);

    /// <summary>A first read's estimate: <paramref name="posts"/> found over the <paramref name="window"/> it read
    /// back, with the prior added so that a silent window does not make a silent subreddit for ever.</summary>
    public static PostingRate FirstRead(int posts, TimeSpan window, DateTimeOffset now) =>
        new(PriorPosts + posts, PriorHours + window.TotalHours, 0, 0, now);

    /// <summary>A read saw <paramref name="newPosts"/> posts created since the previous one, at
    /// <paramref name="now"/>.</summary>
    public PostingRate Observe(int newPosts, DateTimeOffset now)
    {
        var elapsed = Math.Max(0, (now - Updated).TotalHours);
        var keep = Math.Exp(-elapsed / MemoryHours);
        return new PostingRate(
            (Posts * keep) + newPosts, Math.Max((Hours * keep) + elapsed, 1e-6), newPosts, elapsed, now > Updated ? now : Updated);
    }
}
