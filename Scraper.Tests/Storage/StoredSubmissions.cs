using Scraper.Jobs.OldReddit;
using Scraper.Jobs.Storage;
using Scraper.Tests.Support;

namespace Scraper.Tests.Storage;

/// <summary>Submissions to store: the real submission fixture pages, parsed, and small made-up ones.</summary>
internal static class StoredSubmissions
{
    /// <summary>A scrape time with milliseconds, as the store keeps them.</summary>
    public static readonly DateTimeOffset ScrapedAt = new(2025, 3, 4, 5, 6, 7, 891, TimeSpan.Zero);

    // Each page with the address it was served from (as in SubmissionPageParserTests).
    private static readonly Dictionary<string, Uri> PageUrls = new()
    {
        ["submission-selfpost-r-china_irl-z0oio5.html"] = new("https://old.reddit.com/r/China_irl/comments/z0oio5/越南数字威权主义的悄然演变/"),
        ["submission-link-r-china_irl-z2bhbm.html"] = new("https://old.reddit.com/r/China_irl/comments/z2bhbm/消息中国拟对蚂蚁处以逾10亿美元罚款/"),
        ["submission-gallery-r-china_irl-z0728o.html"] = new("https://old.reddit.com/r/China_irl/comments/z0728o/苏联德国二战前海报对比/"),
        ["submission-video-r-china_irl-z09a7r.html"] = new("https://old.reddit.com/r/China_irl/comments/z09a7r/翼刀性感电臀舞/"),
        ["submission-link-r-games-1lqa2hj-prettified.html"] =
            new("https://old.reddit.com/r/Games/comments/1lqa2hj/has_xbox_considered_laying_one_person_off_instead/"),
        ["submission-link-r-movies-1hy9891-prettified.html"] =
            new("https://old.reddit.com/r/movies/comments/1hy9891/ernest_actor_bill_byrge_dies_at_the_age_of_92/"),
        ["legacy2017-submission-link-r-television-7gnfe5.html"] =
            new("https://www.reddit.com/r/television/comments/7gnfe5/mindhunter_renewed_for_season_2_at_netflix/"),
        ["legacy2017-submission-selfpost-notext-r-writingprompts-7hg228.html"] =
            new("https://www.reddit.com/r/WritingPrompts/comments/7hg228/wp_you_discover_a_library_with_a_biography_for/"),
    };

    public static IEnumerable<string> FixturePages => PageUrls.Keys.Order(StringComparer.Ordinal);

    public static SubmissionPage Parse(string fileName)
    {
        var result = SubmissionPageParser.Parse(Fixtures.Read(fileName), PageUrls[fileName]);
        Assert.Equal(PageKind.Submission, result.Kind);
        return result.Page!;
    }

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
