using Scraper.Jobs.OldReddit;

namespace Scraper.Tests.Support;

/// <summary>The saved submission pages in <c>testdata/oldreddit/</c>, each with the address it was served from:
/// old.reddit.com for the modern pages, www.reddit.com for the 2017 ones (their links all point there).</summary>
internal static class SubmissionFixtures
{
    public const string SelfPost = "submission-selfpost-r-china_irl-z0oio5.html";
    public const string LinkPost = "submission-link-r-china_irl-z2bhbm.html";
    public const string GalleryPost = "submission-gallery-r-china_irl-z0728o.html";
    public const string VideoCrosspost = "submission-video-r-china_irl-z09a7r.html";
    public const string Games = "submission-link-r-games-1lqa2hj-prettified.html";
    public const string Movies = "submission-link-r-movies-1hy9891-prettified.html";
    public const string LegacyTelevision = "legacy2017-submission-link-r-television-7gnfe5.html";
    public const string LegacyWritingPrompts = "legacy2017-submission-selfpost-notext-r-writingprompts-7hg228.html";
    public const string LoggedIn = "loggedin-submission-selfpost-r-leagueoflegends-2025-bs4prettified.html";

    public static readonly Uri SelfPostUrl = new("https://old.reddit.com/r/China_irl/comments/z0oio5/越南数字威权主义的悄然演变/");
    public static readonly Uri LinkPostUrl = new("https://old.reddit.com/r/China_irl/comments/z2bhbm/消息中国拟对蚂蚁处以逾10亿美元罚款/");
    public static readonly Uri GalleryPostUrl = new("https://old.reddit.com/r/China_irl/comments/z0728o/苏联德国二战前海报对比/");
    public static readonly Uri VideoCrosspostUrl = new("https://old.reddit.com/r/China_irl/comments/z09a7r/翼刀性感电臀舞/");
    public static readonly Uri GamesUrl =
        new("https://old.reddit.com/r/Games/comments/1lqa2hj/has_xbox_considered_laying_one_person_off_instead/");
    public static readonly Uri MoviesUrl =
        new("https://old.reddit.com/r/movies/comments/1hy9891/ernest_actor_bill_byrge_dies_at_the_age_of_92/");
    public static readonly Uri TelevisionUrl =
        new("https://www.reddit.com/r/television/comments/7gnfe5/mindhunter_renewed_for_season_2_at_netflix/");
    public static readonly Uri WritingPromptsUrl =
        new("https://www.reddit.com/r/WritingPrompts/comments/7hg228/wp_you_discover_a_library_with_a_biography_for/");
    public static readonly Uri LeagueOfLegendsUrl =
        new("https://old.reddit.com/r/leagueoflegends/comments/1i5fyk0/monday_megathread_ask_questions_and_share/");

    /// <summary>Every page and its address, in name order.</summary>
    public static IReadOnlyList<(string File, Uri Url)> All =>
    [
        (LegacyTelevision, TelevisionUrl), (LegacyWritingPrompts, WritingPromptsUrl), (LoggedIn, LeagueOfLegendsUrl),
        (GalleryPost, GalleryPostUrl), (LinkPost, LinkPostUrl), (Games, GamesUrl), (Movies, MoviesUrl),
        (SelfPost, SelfPostUrl), (VideoCrosspost, VideoCrosspostUrl),
    ];

    /// <summary>The page parsed as served from <paramref name="pageUrl"/>; it must parse as a submission page.</summary>
    public static SubmissionPage Parse(string fileName, Uri pageUrl)
    {
        var result = SubmissionPageParser.Parse(Fixtures.Read(fileName), pageUrl);

        Assert.Equal(PageKind.Submission, result.Kind);
        Assert.NotNull(result.Page);
        return result.Page;
    }

    /// <summary>The page parsed as served from its own address.</summary>
    public static SubmissionPage Parse(string fileName) => Parse(fileName, All.Single(p => p.File == fileName).Url);
}
