using Scraper.Jobs.OldReddit;
using Scraper.Jobs.Storage;
using Scraper.Tests.Support;

namespace Scraper.Tests.Storage;

/// <summary>Submissions to store: the real submission fixture pages, parsed, and small made-up ones.</summary>
internal static class StoredSubmissions
{
    /// <summary>A scrape time with milliseconds, as the store keeps them.</summary>
    public static readonly DateTimeOffset ScrapedAt = new(2025, 3, 4, 5, 6, 7, 891, TimeSpan.Zero);

    public static IEnumerable<string> FixturePages => SubmissionFixtures.All.Select(p => p.File).Order(StringComparer.Ordinal);

    public static SubmissionPage Parse(string fileName) => SubmissionFixtures.Parse(fileName);

    /// <summary>A small self post; the rest of the fields at their defaults.</summary>
    public static StoredSubmission Make(string id, string subreddit = "rstats", DateTimeOffset? created = null, DateTimeOffset? scrapedAt = null)
    {
        var permalink = new Uri($"https://old.reddit.com/r/{subreddit}/comments/{id}/title/");
        return new StoredSubmission(
            new SubmissionPage
            {
                Submission = new Submission
                {
                    Id = id,
                    Subreddit = subreddit,
                    Title = "Post " + id,
                    Author = "someone",
                    CreatedUtc = created ?? new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
                    Score = 1,
                    CommentCount = 0,
                    Permalink = permalink,
                    Url = permalink,
                    Domain = "self." + subreddit,
                    IsSelf = true,
                },
                SelftextText = "",
                SelftextHtml = "",
                CommentsRendered = 0,
            },
            scrapedAt ?? ScrapedAt);
    }
}
