using Scraper.Jobs.OldReddit;
using Scraper.Tests.Support;

namespace Scraper.Tests.OldReddit;

/// <summary>Every whole listing fixture against values read off the saved HTML by hand (with grep and a Python DOM
/// walk, not with this parser). Where a value is surprising, a comment says where on the page it comes from. The
/// logged-in r/Games copy stops before its end: DamagedPageTests checks it reads as truncated; here it is read
/// closed where it stops.</summary>
public class ListingParserTests
{
    private const string ChinaIrlFile = "listing-r-china_irl-hot-2022.html";
    private const string ProgrammerHumorFile = "listing-r-programmerhumor-hot-2025.html";
    private const string RstatsFile = "listing-r-rstats-hot-2023.html";
    private const string PythonFile = "listing-r-python-hot-2024.html";
    private const string FrontPageFile = "listing-frontpage-hot-2025.html";
    private const string MarvelFile = "legacy2017-listing-r-marvelstudios-hot-spoilers.html";

    // Where each page was fetched from; the 2017 page was served by www.reddit.com.
    private static ListingPage ChinaIrl() => Parse(ChinaIrlFile, "https://old.reddit.com/r/China_irl/");

    private static ListingPage ProgrammerHumor() => Parse(ProgrammerHumorFile, "https://old.reddit.com/r/ProgrammerHumor/");

    private static ListingPage Rstats() => Parse(RstatsFile, "https://old.reddit.com/r/rstats/");

    private static ListingPage Python() => Parse(PythonFile, "https://old.reddit.com/r/Python/");

    private static ListingPage FrontPage() => Parse(FrontPageFile, "https://old.reddit.com/");

    private static ListingPage Marvel() => Parse(MarvelFile, "https://www.reddit.com/r/marvelstudios/");

    private static ListingPage Parse(string fileName, string pageUrl)
    {
        var result = ListingParser.Parse(Fixtures.Read(fileName), new Uri(pageUrl));

        Assert.Equal(PageKind.Listing, result.Kind);
        Assert.NotNull(result.Page);
        return result.Page;
    }

    private static Submission Thing(ListingPage page, string id) => Assert.Single(page.Things, t => t.Id == id);

    private static List<string> IdsWhere(ListingPage page, Func<Submission, bool> predicate) =>
        page.Things.Where(predicate).Select(t => t.Id).ToList();

    private static List<int> PositionsOfAds(ListingPage page) =>
        page.Things.Select((thing, index) => (thing, position: index + 1))
            .Where(x => x.thing.IsPromoted)
            .Select(x => x.position)
            .ToList();

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute, int second) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    // ---------------------------------------------------------------- r/Games, 2025, logged in (closed where cut)

    [Fact]
    public void Parse_LoggedInGamesListing_ReadsLikeALoggedOutListing()
    {
        // Logged in as fleekonpoint: a.title gains class "loggedin", each post (not the ads) a crosspost button;
        // the data-* set is the logged-out one. 30 div.thing in #siteTable: 3 ads, 2 stickied.
        var result = ListingParser.Parse(DerivedPages.LoggedInListingClosed(), new Uri("https://old.reddit.com/r/Games/"));
        var page = result.Page!;

        Assert.Equal(PageKind.Listing, result.Kind);
        Assert.Equal(30, page.Things.Count);
        Assert.Equal(3, page.Ads.Count());
        Assert.Equal(["1hu3k3r", "1hy1ymg"], IdsWhere(page, t => t.IsStickied));
        Assert.Equal("t3_1hxfk0z", page.After); // next-button: ?count=25&after=t3_1hxfk0z
        var first = page.Things[0];
        Assert.Equal("1hu3k3r", first.Id);
        Assert.Equal("AutoModerator", first.Author);
        Assert.Equal(40, first.Score); // data-score="40"
        Assert.Equal(109, first.CommentCount); // data-comments-count="109"
        Assert.Equal(Utc(2025, 1, 5, 10, 0, 38), first.CreatedUtc); // data-timestamp="1736071238000"
        Assert.True(first.IsSelf);
    }

    // ---------------------------------------------------------------- r/China_irl, 2022 (ads, galleries, crossposts)

    [Fact]
    public void Parse_ChinaIrlListing_ReadsTwentyNineThingsOfWhichTwoAreAds()
    {
        var page = ChinaIrl();

        Assert.Equal(29, page.Things.Count);
        Assert.Equal(27, page.Submissions.Count());
        Assert.Equal(2, page.Ads.Count());
    }

    [Fact]
    public void Parse_ChinaIrlListing_ReportsTwoAdsAtPositionsFourAndSixteen()
    {
        var page = ChinaIrl();

        Assert.Equal([4, 16], PositionsOfAds(page));
        Assert.Equal(["wj1sgn", "ym3psg"], page.Ads.Select(a => a.Id));
    }

    [Fact]
    public void Parse_ChinaIrlListing_ReadsTheCourseraAdAsAPromotedUserPost()
    {
        var ad = Thing(ChinaIrl(), "wj1sgn");

        Assert.True(ad.IsPromoted);
        Assert.Equal("u_courseramasteradv", ad.Subreddit);
        Assert.Equal("courseramasteradv", ad.Author);
        // Ads have no <time>, but they do carry data-timestamp="1659940875000".
        Assert.Equal(Utc(2022, 8, 8, 6, 41, 15), ad.CreatedUtc);
        Assert.Equal(278, ad.Score);
        Assert.Equal(
            new Uri("https://old.reddit.com/user/courseramasteradv/comments/wj1sgn/prepare_for_your_project_management_career_with_a/"),
            ad.Permalink);
        // data-url is a click tracker.
        Assert.Equal("alb.reddit.com", ad.Url.Host);
        Assert.Equal("coursera.org", ad.Domain);
        Assert.True(ad.IsLocked);
    }

    [Fact]
    public void Parse_ChinaIrlListing_ReadsTheWsjAdWithItsBulletScoreFromDataScore()
    {
        var ad = Thing(ChinaIrl(), "ym3psg");

        Assert.True(ad.IsPromoted);
        Assert.Equal("u_WSJ_Official", ad.Subreddit);
        Assert.Equal("WSJ_Official", ad.Author);
        // No <time>; data-timestamp="1667579928000".
        Assert.Equal(Utc(2022, 11, 4, 16, 38, 48), ad.CreatedUtc);
        // The visible score is "•" with no title; data-score="0".
        Assert.Equal(0, ad.Score);
        Assert.Equal(
            new Uri("https://old.reddit.com/user/WSJ_Official/comments/ym3psg/move_forward_with_insight_you_can_trust_from_wsj/"),
            ad.Permalink);
        Assert.Equal("alb.reddit.com", ad.Url.Host);
        Assert.Equal("store.wsj.com", ad.Domain);
    }

    [Fact]
    public void Parse_ChinaIrlListing_ReadsEveryFieldOfTheFirstThing()
    {
        var expected = new Submission
        {
            Id = "z05e45",
            Subreddit = "China_irl",
            Title = "2022年卡塔尔世界杯无奖竞猜",
            Author = "Petrosovet",
            // Richtext author flair without an emoji.
            AuthorFlair = new Flair("聴牌即立直", null),
            LinkFlair = null,
            CreatedUtc = Utc(2022, 11, 20, 3, 24, 55),
            EditedUtc = null,
            Score = 502,
            // The comments link reads just "comment".
            CommentCount = 0,
            Permalink = new Uri("https://old.reddit.com/r/China_irl/comments/z05e45/2022年卡塔尔世界杯无奖竞猜/"),
            // A stickied prediction tournament: an absolute reddit.com link, kept as it is.
            Url = new Uri("https://reddit.com/r/China_irl/predictions?tournament=tnmt-9458496b-ea9f-49d8-90f4-ddbad8772459"),
            Domain = "reddit.com",
            IsSelf = false,
            IsNsfw = false,
            IsSpoiler = false,
            IsStickied = true,
            IsLocked = false,
            IsArchived = false,
            IsOriginalContent = false,
            IsGallery = false,
            IsVideo = false,
            IsPromoted = false,
            CrosspostParent = null,
            // a.thumbnail.default has no <img>.
            Thumbnail = null,
        };

        Assert.Equal(expected, ChinaIrl().Things[0]);
    }

    [Fact]
    public void Parse_ChinaIrlListing_ReadsEveryFieldOfTheLastThing()
    {
        var expected = new Submission
        {
            Id = "z0q6m7",
            Subreddit = "China_irl",
            Title = "解密阿史那皇后！复旦青年科学家破译全球首例古突厥皇室基因组（哈哈，突厥系东北亚人）",
            Author = "tresbony",
            AuthorFlair = null,
            // Visible text " 人文历史" after span.flairemoji[title=":calendar:"].
            LinkFlair = new Flair("人文历史", ":calendar:"),
            CreatedUtc = Utc(2022, 11, 21, 5, 9, 26),
            EditedUtc = null,
            Score = 3,
            CommentCount = 1,
            Permalink = new Uri("https://old.reddit.com/r/China_irl/comments/z0q6m7/解密阿史那皇后复旦青年科学家破译全球首例古突厥皇室基因组哈哈突厥系东北亚人/"),
            Url = new Uri("https://www.thepaper.cn/newsDetail_forward_20821326"),
            Domain = "thepaper.cn",
            IsSelf = false,
            IsNsfw = false,
            IsSpoiler = false,
            IsStickied = false,
            IsLocked = false,
            IsArchived = false,
            IsOriginalContent = false,
            IsGallery = false,
            IsVideo = false,
            IsPromoted = false,
            CrosspostParent = null,
            Thumbnail = null,
        };

        Assert.Equal(expected, ChinaIrl().Things[^1]);
    }

    [Fact]
    public void Parse_ChinaIrlListing_KeepsTheChinesePermalinkAsUnicode()
    {
        // Uri equality and ToString() cannot tell "年" from "%E5%B9%B4"; OriginalString can.
        var permalink = ChinaIrl().Things[0].Permalink;

        Assert.Equal("https://old.reddit.com/r/China_irl/comments/z05e45/2022年卡塔尔世界杯无奖竞猜/", permalink.OriginalString);
    }

    [Fact]
    public void Parse_ChinaIrlListing_ReadsTheNextPageAndAfter()
    {
        var page = ChinaIrl();

        Assert.Equal(new Uri("https://old.reddit.com/r/China_irl/?count=25&after=t3_z0q6m7"), page.NextPage);
        Assert.Equal("t3_z0q6m7", page.After);
    }

    [Fact]
    public void Parse_ChinaIrlListing_ReadsBulletScoresFromDataScore()
    {
        var page = ChinaIrl();

        // div.score.unvoted shows "•" without a title on these five; data-score holds the value.
        Assert.Equal(0, Thing(page, "ym3psg").Score);
        Assert.Equal(6, Thing(page, "z0rqxw").Score);
        Assert.Equal(4, Thing(page, "z0sdxi").Score);
        Assert.Equal(4, Thing(page, "z0stgj").Score);
        Assert.Equal(3, Thing(page, "z0s6uj").Score);
    }

    [Fact]
    public void Parse_ChinaIrlListing_MarksExactlyTheThreeGalleries()
    {
        var page = ChinaIrl();

        Assert.Equal(["z09bpc", "z03qm5", "z0s6uj"], IdsWhere(page, t => t.IsGallery));
    }

    [Fact]
    public void Parse_ChinaIrlListing_ReadsAGalleryUrlAndTheServingHostAsItsDomain()
    {
        var gallery = Thing(ChinaIrl(), "z09bpc");

        Assert.Equal(new Uri("https://www.reddit.com/gallery/z09bpc"), gallery.Url);
        Assert.Equal("old.reddit.com", gallery.Domain);
    }

    [Fact]
    public void Parse_ChinaIrlListing_ReadsTheRootOfEachOfTheThreeCrossposts()
    {
        var page = ChinaIrl();

        // data-target-root-fullname, data-crosspost-root-subreddit, data-crosspost-root-author.
        Assert.Equal(
            [
                ("z0hlje", new CrosspostParent("t3_yzy7s0", "imaginarymaps", "AgathaLeung")),
                ("z0n6xm", new CrosspostParent("t3_yu7qon", "imaginarymaps", "AgathaLeung")),
                ("z0ki8g", new CrosspostParent("t3_z0kf60", "greentext", "contritetanning946")),
            ],
            page.Things.Where(t => t.CrosspostParent is not null).Select(t => (t.Id, t.CrosspostParent!)));
    }

    [Fact]
    public void Parse_ChinaIrlListing_PostsCrosspostedElsewhereAreNotThemselvesCrossposts()
    {
        var page = ChinaIrl();

        // data-num-crossposts="2", "1" and "3": others crossposted these; they have no data-crosspost-root-*.
        Assert.Null(Thing(page, "vib605").CrosspostParent);
        Assert.Null(Thing(page, "z0ezs9").CrosspostParent);
        Assert.Null(Thing(page, "z03qm5").CrosspostParent);
    }

    [Fact]
    public void Parse_ChinaIrlListing_MarksExactlyTheTwoStickiedPosts()
    {
        Assert.Equal(["z05e45", "vib605"], IdsWhere(ChinaIrl(), t => t.IsStickied));
    }

    [Fact]
    public void Parse_ChinaIrlListing_MarksExactlyThreeLockedPostsTwoOfThemAds()
    {
        Assert.Equal(["vib605", "wj1sgn", "ym3psg"], IdsWhere(ChinaIrl(), t => t.IsLocked));
    }

    [Fact]
    public void Parse_ChinaIrlListing_ReadsTheAdminEmojiOfARichtextLinkFlair()
    {
        // span.linkflairlabel[title=":admin: 板务 / Meta"] > span.flairemoji[title=":admin:"] + " 板务 / Meta".
        Assert.Equal(new Flair("板务 / Meta", ":admin:"), Thing(ChinaIrl(), "vib605").LinkFlair);
    }

    [Fact]
    public void Parse_ChinaIrlListing_ReadsLinkFlairOnTwentySixThingsAndAuthorFlairOnNine()
    {
        var page = ChinaIrl();

        Assert.Equal(26, page.Things.Count(t => t.LinkFlair is not null));
        Assert.Equal(9, page.Things.Count(t => t.AuthorFlair is not null));
    }

    // ---------------------------------------------------------------- r/ProgrammerHumor, 2025

    [Fact]
    public void Parse_ProgrammerHumorListing_ReadsTwentySixThingsAndNoAds()
    {
        var page = ProgrammerHumor();

        Assert.Equal(26, page.Things.Count);
        Assert.Equal(26, page.Submissions.Count());
        Assert.Empty(page.Ads);
    }

    [Fact]
    public void Parse_ProgrammerHumorListing_ReadsEveryFieldOfTheFirstThing()
    {
        var expected = new Submission
        {
            Id = "1jsarsw",
            Subreddit = "ProgrammerHumor",
            Title = "modUpdateApril2025",
            Author = "Dougley",
            AuthorFlair = new Flair("cat flair.txt | sudo sh", null),
            LinkFlair = new Flair("Mod post", null),
            CreatedUtc = Utc(2025, 4, 5, 18, 58, 19),
            EditedUtc = null,
            Score = 372,
            CommentCount = 47,
            Permalink = new Uri("https://old.reddit.com/r/ProgrammerHumor/comments/1jsarsw/modupdateapril2025/"),
            // A self post: data-url is the relative permalink.
            Url = new Uri("https://old.reddit.com/r/ProgrammerHumor/comments/1jsarsw/modupdateapril2025/"),
            Domain = "self.ProgrammerHumor",
            IsSelf = true,
            IsNsfw = false,
            IsSpoiler = false,
            IsStickied = true,
            IsLocked = false,
            IsArchived = false,
            IsOriginalContent = false,
            IsGallery = false,
            IsVideo = false,
            IsPromoted = false,
            CrosspostParent = null,
            // a.thumbnail.self has no <img>.
            Thumbnail = null,
        };

        Assert.Equal(expected, ProgrammerHumor().Things[0]);
    }

    [Fact]
    public void Parse_ProgrammerHumorListing_ReadsEveryFieldOfTheLastThing()
    {
        var expected = new Submission
        {
            Id = "1kdhsm9",
            Subreddit = "ProgrammerHumor",
            Title = "theGoodOlDays",
            Author = "bin7729",
            AuthorFlair = null,
            LinkFlair = new Flair("Meme", null),
            CreatedUtc = Utc(2025, 5, 3, 1, 51, 9),
            EditedUtc = null,
            Score = 269,
            CommentCount = 24,
            Permalink = new Uri("https://old.reddit.com/r/ProgrammerHumor/comments/1kdhsm9/thegoodoldays/"),
            Url = new Uri("https://i.redd.it/f6wtx0jc3hye1.jpeg"),
            Domain = "i.redd.it",
            IsSelf = false,
            IsNsfw = false,
            IsSpoiler = false,
            IsStickied = false,
            IsLocked = false,
            IsArchived = false,
            IsOriginalContent = false,
            IsGallery = false,
            IsVideo = false,
            IsPromoted = false,
            CrosspostParent = null,
            // Protocol-relative "//a.thumbs.redditmedia.com/…" in the page.
            Thumbnail = new Uri("https://a.thumbs.redditmedia.com/yGHwWwkZMx80sf2sJRWmw8jR8qZncyJO_C-7gLca8g4.jpg"),
        };

        Assert.Equal(expected, ProgrammerHumor().Things[^1]);
    }

    [Fact]
    public void Parse_ProgrammerHumorListing_ReadsTheNextPageAndAfter()
    {
        var page = ProgrammerHumor();

        Assert.Equal(new Uri("https://old.reddit.com/r/ProgrammerHumor/?count=25&after=t3_1kdhsm9"), page.NextPage);
        Assert.Equal("t3_1kdhsm9", page.After);
    }

    [Fact]
    public void Parse_ProgrammerHumorListing_MarksOnlyTheModPostStickied()
    {
        Assert.Equal(["1jsarsw"], IdsWhere(ProgrammerHumor(), t => t.IsStickied));
    }

    [Fact]
    public void Parse_ProgrammerHumorListing_ReadsExactScoresBehindAbbreviatedOnes()
    {
        var page = ProgrammerHumor();

        // Shown as "57.3k" and "12.2k"; data-score and the title attribute hold the exact number.
        Assert.Equal(57299, Thing(page, "1kd29r4").Score);
        Assert.Equal(12213, Thing(page, "1kcvwi7").Score);
    }

    [Fact]
    public void Parse_ProgrammerHumorListing_ReadsLinkFlairOnAllAndAuthorFlairOnEight()
    {
        var page = ProgrammerHumor();

        Assert.Equal(26, page.Things.Count(t => t.LinkFlair is not null));
        Assert.Equal(8, page.Things.Count(t => t.AuthorFlair is not null));
    }

    // ---------------------------------------------------------------- r/rstats, 2023

    [Fact]
    public void Parse_RstatsListing_ReadsTwentyFiveThingsAndNoAds()
    {
        var page = Rstats();

        Assert.Equal(25, page.Things.Count);
        Assert.Equal(25, page.Submissions.Count());
        Assert.Empty(page.Ads);
    }

    [Fact]
    public void Parse_RstatsListing_ReadsEveryFieldOfTheFirstThing()
    {
        var expected = new Submission
        {
            Id = "122zf2k",
            Subreddit = "rstats",
            Title = "Beginner Rstudio and IPUMS CPS user",
            Author = "IndependenceNo5424",
            AuthorFlair = null,
            LinkFlair = null,
            CreatedUtc = Utc(2023, 3, 26, 20, 59, 42),
            EditedUtc = null,
            // Eight minutes old: the page shows "•"; data-score="2".
            Score = 2,
            // The comments link reads just "comment".
            CommentCount = 0,
            Permalink = new Uri("https://old.reddit.com/r/rstats/comments/122zf2k/beginner_rstudio_and_ipums_cps_user/"),
            Url = new Uri("https://old.reddit.com/r/rstats/comments/122zf2k/beginner_rstudio_and_ipums_cps_user/"),
            Domain = "self.rstats",
            IsSelf = true,
            IsNsfw = false,
            IsSpoiler = false,
            IsStickied = false,
            IsLocked = false,
            IsArchived = false,
            IsOriginalContent = false,
            IsGallery = false,
            IsVideo = false,
            IsPromoted = false,
            CrosspostParent = null,
            Thumbnail = null,
        };

        Assert.Equal(expected, Rstats().Things[0]);
    }

    [Fact]
    public void Parse_RstatsListing_ReadsEveryFieldOfTheLastThing()
    {
        var expected = new Submission
        {
            Id = "11yjjum",
            Subreddit = "rstats",
            Title = "Why do weeks 1-5 take up lesser space than other groups of 5?",
            Author = "ariathriven",
            AuthorFlair = null,
            LinkFlair = null,
            CreatedUtc = Utc(2023, 3, 22, 13, 44, 18),
            EditedUtc = null,
            Score = 28,
            CommentCount = 20,
            Permalink = new Uri("https://old.reddit.com/r/rstats/comments/11yjjum/why_do_weeks_15_take_up_lesser_space_than_other/"),
            Url = new Uri("https://i.redd.it/3g20s501oapa1.png"),
            Domain = "i.redd.it",
            IsSelf = false,
            IsNsfw = false,
            IsSpoiler = false,
            IsStickied = false,
            IsLocked = false,
            IsArchived = false,
            IsOriginalContent = false,
            IsGallery = false,
            IsVideo = false,
            IsPromoted = false,
            CrosspostParent = null,
            Thumbnail = new Uri("https://b.thumbs.redditmedia.com/AGEkx69fPZyVDnXCubl4xT2ReQ6TsHgiHxtSu5-4lmk.jpg"),
        };

        Assert.Equal(expected, Rstats().Things[^1]);
    }

    [Fact]
    public void Parse_RstatsListing_ReadsTheNextPageAndAfter()
    {
        var page = Rstats();

        Assert.Equal(new Uri("https://old.reddit.com/r/rstats/?count=25&after=t3_11yjjum"), page.NextPage);
        Assert.Equal("t3_11yjjum", page.After);
    }

    [Fact]
    public void Parse_RstatsListing_ReadsTheOnlyCrosspostAndItsRoot()
    {
        var page = Rstats();

        Assert.Equal(["1219p3v"], IdsWhere(page, t => t.CrosspostParent is not null));
        Assert.Equal(new CrosspostParent("t3_1219bk7", "RStudio", "a_lexus97"), Thing(page, "1219p3v").CrosspostParent);
    }

    [Fact]
    public void Parse_RstatsListing_CrosspostPointsAtTheOriginalPost()
    {
        var crosspost = Thing(Rstats(), "1219p3v");

        // Relative data-url="/r/RStudio/comments/1219bk7/…" (the original), data-domain="self.RStudio".
        Assert.Equal(
            new Uri("https://old.reddit.com/r/RStudio/comments/1219bk7/suggestions_for_massive_time_series_data_set/"),
            crosspost.Url);
        Assert.Equal(new Uri("https://old.reddit.com/r/rstats/comments/1219p3v/suggestions_for_massive_time_series_data_set/"), crosspost.Permalink);
        Assert.Equal("self.RStudio", crosspost.Domain);
    }

    [Fact]
    public void Parse_RstatsListing_MarksEighteenSelfPostsAndNotTheCrosspostOfASelfPost()
    {
        // 18 things carry the class token "self". The crosspost 1219p3v does not (its thumbnail is a.thumbnail.default,
        // not .self) although its data-domain is "self.RStudio": it is a link to the RStudio post, not a self post.
        Assert.Equal(
            [
                "122zf2k", "1221xn5", "121oxcx", "121psya", "1228opf", "121l5qp", "121wtb8", "121s5aq", "12184gt",
                "120ubif", "120ed59", "12029lq", "120fb06", "11zjg5a", "11zv8j0", "11zdwcb", "11zh8pk", "11zh8az",
            ],
            IdsWhere(Rstats(), t => t.IsSelf));
    }

    [Fact]
    public void Parse_RstatsListing_ReadsACommentsLinkWithoutANumberAsZero()
    {
        // The four things whose a.comments reads "comment" (data-comments-count="0").
        Assert.Equal(["122zf2k", "121l5qp", "121iday", "1219p3v"], IdsWhere(Rstats(), t => t.CommentCount == 0));
    }

    // ---------------------------------------------------------------- r/Python, 2024 (three ads)

    [Fact]
    public void Parse_PythonListing_ReadsThirtyThingsOfWhichThreeAreAds()
    {
        var page = Python();

        Assert.Equal(30, page.Things.Count);
        Assert.Equal(27, page.Submissions.Count());
        Assert.Equal(3, page.Ads.Count());
    }

    [Fact]
    public void Parse_PythonListing_ReportsThreeAdsAtPositionsFourSixteenAndTwentyEight()
    {
        var page = Python();

        Assert.Equal([4, 16, 28], PositionsOfAds(page));
        Assert.Equal(
            [("179gq0a", "u_RedditforBusiness"), ("1fdsoyo", "u_BMO"), ("1g49j7v", "u_MetaQuest")],
            page.Ads.Select(a => (a.Id, a.Subreddit)));
    }

    [Fact]
    public void Parse_PythonListing_TakesTheAdsCreationTimesFromDataTimestamp()
    {
        // No ad has a <time>; each has data-timestamp (1697490337000, 1726001816000, 1729003859000).
        Assert.Equal(
            [Utc(2023, 10, 16, 21, 5, 37), Utc(2024, 9, 10, 20, 56, 56), Utc(2024, 10, 15, 14, 50, 59)],
            Python().Ads.Select(a => a.CreatedUtc));
    }

    [Fact]
    public void Parse_PythonListing_ReadsTheAdsAsLockedWithBulletScoresOfZero()
    {
        var ads = Python().Ads.ToList();

        Assert.All(ads, ad => Assert.True(ad.IsLocked));
        Assert.All(ads, ad => Assert.Equal(0, ad.Score));
        Assert.Equal(["RedditforBusiness", "BMO", "MetaQuest"], ads.Select(a => a.Author));
    }

    [Fact]
    public void Parse_PythonListing_ReadsEveryFieldOfTheFirstThing()
    {
        var expected = new Submission
        {
            Id = "1g2d9f2",
            Subreddit = "Python",
            Title = "Sunday Daily Thread: What's everyone working on this week?",
            Author = "AutoModerator",
            AuthorFlair = null,
            // title=" Daily Thread", visible text "Daily Thread".
            LinkFlair = new Flair("Daily Thread", null),
            CreatedUtc = Utc(2024, 10, 13, 0, 0, 9),
            EditedUtc = null,
            Score = 8,
            CommentCount = 8,
            Permalink = new Uri("https://old.reddit.com/r/Python/comments/1g2d9f2/sunday_daily_thread_whats_everyone_working_on/"),
            Url = new Uri("https://old.reddit.com/r/Python/comments/1g2d9f2/sunday_daily_thread_whats_everyone_working_on/"),
            Domain = "self.Python",
            IsSelf = true,
            IsNsfw = false,
            IsSpoiler = false,
            IsStickied = true,
            IsLocked = false,
            IsArchived = false,
            IsOriginalContent = false,
            IsGallery = false,
            IsVideo = false,
            IsPromoted = false,
            CrosspostParent = null,
            Thumbnail = null,
        };

        Assert.Equal(expected, Python().Things[0]);
    }

    [Fact]
    public void Parse_PythonListing_ReadsEveryFieldOfTheLastThing()
    {
        var expected = new Submission
        {
            Id = "1g5l7cb",
            Subreddit = "Python",
            Title = "MVT Architecture in Django and How it Works with an Example | Django Tutorial",
            Author = "Both_Ad5623",
            AuthorFlair = null,
            LinkFlair = new Flair("Tutorial", null),
            CreatedUtc = Utc(2024, 10, 17, 7, 15, 48),
            EditedUtc = null,
            Score = 0,
            CommentCount = 0,
            Permalink = new Uri("https://old.reddit.com/r/Python/comments/1g5l7cb/mvt_architecture_in_django_and_how_it_works_with/"),
            Url = new Uri("https://old.reddit.com/r/Python/comments/1g5l7cb/mvt_architecture_in_django_and_how_it_works_with/"),
            Domain = "self.Python",
            IsSelf = true,
            IsNsfw = false,
            IsSpoiler = false,
            IsStickied = false,
            IsLocked = false,
            IsArchived = false,
            IsOriginalContent = false,
            IsGallery = false,
            IsVideo = false,
            IsPromoted = false,
            CrosspostParent = null,
            Thumbnail = null,
        };

        Assert.Equal(expected, Python().Things[^1]);
    }

    [Fact]
    public void Parse_PythonListing_ReadsTheNextPageAndAfter()
    {
        var page = Python();

        Assert.Equal(new Uri("https://old.reddit.com/r/Python/?count=25&after=t3_1g5l7cb"), page.NextPage);
        Assert.Equal("t3_1g5l7cb", page.After);
    }

    [Fact]
    public void Parse_PythonListing_MarksTheTwoAutoModeratorThreadsStickied()
    {
        Assert.Equal(["1g2d9f2", "1g654oy"], IdsWhere(Python(), t => t.IsStickied));
    }

    [Fact]
    public void Parse_PythonListing_MarksOnlyTheThreeAdsLocked()
    {
        Assert.Equal(["179gq0a", "1fdsoyo", "1g49j7v"], IdsWhere(Python(), t => t.IsLocked));
    }

    [Fact]
    public void Parse_PythonListing_ReadsBulletScoresOfPostsFromDataScore()
    {
        var page = Python();

        // "•" without a title; data-score="2" and data-score="0".
        Assert.Equal(2, Thing(page, "1g6nwca").Score);
        Assert.Equal(0, Thing(page, "1g6pg1d").Score);
    }

    [Fact]
    public void Parse_PythonListing_TrimsTheAuthorFlairText()
    {
        // span.flair[title=" Intermediate Showcase"] with the same padded text.
        Assert.Equal(new Flair("Intermediate Showcase", null), Thing(Python(), "1g5sb9d").AuthorFlair);
    }

    // ---------------------------------------------------------------- front page, 2025 (one line, abbreviated scores)

    [Fact]
    public void Parse_FrontPageListing_ReadsTwentyFiveThingsAndNoAds()
    {
        var page = FrontPage();

        Assert.Equal(25, page.Things.Count);
        Assert.Equal(25, page.Submissions.Count());
        Assert.Empty(page.Ads);
    }

    [Fact]
    public void Parse_FrontPageListing_ReadsEveryFieldOfTheFirstThing()
    {
        var expected = new Submission
        {
            Id = "1hxv241",
            Subreddit = "technology",
            Title = "Mark Zuckerberg, Recipient of World's First Rat Penis Transplant, Announces Meta Will Stop Fact Checking",
            Author = "hazysummersky",
            AuthorFlair = null,
            LinkFlair = new Flair("Social Media", null),
            CreatedUtc = Utc(2025, 1, 10, 3, 15, 34),
            EditedUtc = null,
            // Shown as "48.9k".
            Score = 48888,
            CommentCount = 721,
            Permalink = new Uri("https://old.reddit.com/r/technology/comments/1hxv241/mark_zuckerberg_recipient_of_worlds_first_rat/"),
            Url = new Uri("https://thehardtimes.net/culture/mark-zuckerberg-recipient-of-worlds-first-rat-penis-transplant-announces-meta-will-stop-fact-checking/"),
            Domain = "thehardtimes.net",
            IsSelf = false,
            IsNsfw = false,
            IsSpoiler = false,
            IsStickied = false,
            IsLocked = false,
            IsArchived = false,
            IsOriginalContent = false,
            IsGallery = false,
            IsVideo = false,
            IsPromoted = false,
            // data-num-crossposts="3", but no data-crosspost-root-*.
            CrosspostParent = null,
            Thumbnail = new Uri("https://b.thumbs.redditmedia.com/Dgos1VqARV9DHkLzOV5LhLyx-bfCMjv3Vd9StbWD_0M.jpg"),
        };

        Assert.Equal(expected, FrontPage().Things[0]);
    }

    [Fact]
    public void Parse_FrontPageListing_ReadsEveryFieldOfTheLastThing()
    {
        var expected = new Submission
        {
            Id = "1hxsgfp",
            Subreddit = "BlackPeopleTwitter",
            Title = "The warnings were ignored",
            Author = "CorleoneBaloney",
            AuthorFlair = null,
            LinkFlair = null,
            CreatedUtc = Utc(2025, 1, 10, 1, 1, 39),
            EditedUtc = null,
            // Shown as "24.5k".
            Score = 24466,
            CommentCount = 529,
            Permalink = new Uri("https://old.reddit.com/r/BlackPeopleTwitter/comments/1hxsgfp/the_warnings_were_ignored/"),
            Url = new Uri("https://i.redd.it/atqzqbiif2ce1.jpeg"),
            Domain = "i.redd.it",
            IsSelf = false,
            IsNsfw = false,
            IsSpoiler = false,
            IsStickied = false,
            IsLocked = false,
            IsArchived = false,
            IsOriginalContent = false,
            IsGallery = false,
            IsVideo = false,
            IsPromoted = false,
            CrosspostParent = null,
            Thumbnail = new Uri("https://b.thumbs.redditmedia.com/GLFJi_34f9hOwXwAYznmgAZ789RzG7Ng2Ht37vxS92Q.jpg"),
        };

        Assert.Equal(expected, FrontPage().Things[^1]);
    }

    [Fact]
    public void Parse_FrontPageListing_ReadsTheNextPageAndAfter()
    {
        var page = FrontPage();

        Assert.Equal(new Uri("https://old.reddit.com/?count=25&after=t3_1hxsgfp"), page.NextPage);
        Assert.Equal("t3_1hxsgfp", page.After);
    }

    [Fact]
    public void Parse_FrontPageListing_ReadsExactScoresBehindAbbreviatedOnes()
    {
        var page = FrontPage();

        // Shown as "58.2k", "73.8k" and "36.0k".
        Assert.Equal(58232, Thing(page, "1hxfvde").Score);
        Assert.Equal(73848, Thing(page, "1hxt9hv").Score);
        Assert.Equal(35975, Thing(page, "1hxr68a").Score);
    }

    [Fact]
    public void Parse_FrontPageListing_MarksExactlyTheSixRedditVideos()
    {
        Assert.Equal(
            ["1hxj5cu", "1hxtcy2", "1hxt9hv", "1hxfcpr", "1hxuney", "1hxs3b7"],
            IdsWhere(FrontPage(), t => t.IsVideo));
    }

    [Fact]
    public void Parse_FrontPageListing_MarksOnlyTheOneOriginalContentPost()
    {
        Assert.Equal(["1hxtuq5"], IdsWhere(FrontPage(), t => t.IsOriginalContent));
    }

    // ---------------------------------------------------------------- r/marvelstudios, 2017 (legacy markup)

    [Fact]
    public void Parse_LegacyMarvelListing_ReadsTwentySevenThingsAndNoAds()
    {
        var page = Marvel();

        Assert.Equal(27, page.Things.Count);
        Assert.Equal(27, page.Submissions.Count());
        Assert.Empty(page.Ads);
    }

    [Fact]
    public void Parse_LegacyMarvelListing_ReadsEveryFieldOfTheFirstThing()
    {
        var expected = new Submission
        {
            Id = "7fmqmj",
            Subreddit = "marvelstudios",
            Title = "/r/MarvelStudios 200,000 subscribers contest!",
            Author = "iliekpixels",
            AuthorFlair = new Flair("Ego", null),
            LinkFlair = null,
            CreatedUtc = Utc(2017, 11, 26, 12, 56, 51),
            // The second time in the tagline, time.edited-timestamp.
            EditedUtc = Utc(2017, 11, 26, 13, 0, 29),
            // data-score="536" is stale; div.score.unvoted[title="535"] is what the page shows.
            Score = 535,
            CommentCount = 47,
            Permalink = new Uri("https://www.reddit.com/r/marvelstudios/comments/7fmqmj/rmarvelstudios_200000_subscribers_contest/"),
            Url = new Uri("https://www.reddit.com/r/marvelstudios/comments/7fmqmj/rmarvelstudios_200000_subscribers_contest/"),
            Domain = "self.marvelstudios",
            IsSelf = true,
            IsNsfw = false,
            IsSpoiler = false,
            IsStickied = true,
            IsLocked = false,
            IsArchived = false,
            IsOriginalContent = false,
            IsGallery = false,
            IsVideo = false,
            IsPromoted = false,
            CrosspostParent = null,
            Thumbnail = null,
        };

        Assert.Equal(expected, Marvel().Things[0]);
    }

    [Fact]
    public void Parse_LegacyMarvelListing_ReadsEveryFieldOfTheLastThing()
    {
        var expected = new Submission
        {
            Id = "7ggj0c",
            Subreddit = "marvelstudios",
            Title = "I'm Rick Thanos, and this is my Pawn Shop",
            Author = "DarkJedi3000",
            AuthorFlair = null,
            LinkFlair = null,
            CreatedUtc = Utc(2017, 11, 29, 20, 45, 40),
            EditedUtc = null,
            // data-score="3144" is stale; the visible score's title is "3166".
            Score = 3166,
            CommentCount = 49,
            Permalink = new Uri("https://www.reddit.com/r/marvelstudios/comments/7ggj0c/im_rick_thanos_and_this_is_my_pawn_shop/"),
            Url = new Uri("https://i.redd.it/8klk4ek08z001.jpg"),
            Domain = "i.redd.it",
            IsSelf = false,
            IsNsfw = false,
            IsSpoiler = false,
            IsStickied = false,
            IsLocked = false,
            IsArchived = false,
            IsOriginalContent = false,
            IsGallery = false,
            IsVideo = false,
            IsPromoted = false,
            // data-num-crossposts="2" only.
            CrosspostParent = null,
            Thumbnail = new Uri("https://b.thumbs.redditmedia.com/lVGjHZ8vVBgLIUKyLz0eUVOdhnzT7Pqn-_daOTpbmeQ.jpg"),
        };

        Assert.Equal(expected, Marvel().Things[^1]);
    }

    [Fact]
    public void Parse_LegacyMarvelListing_PrefersTheVisibleScoreAndCommentCountOverStaleDataAttributes()
    {
        var megathread = Thing(Marvel(), "7gd8lu");

        // data-score="2877" vs div.score.unvoted[title="2880"]; data-comments-count="3438" vs "3442 comments".
        Assert.Equal(2880, megathread.Score);
        Assert.Equal(3442, megathread.CommentCount);
    }

    [Fact]
    public void Parse_LegacyMarvelListing_MarksExactlyTheFiveSpoilersByClassToken()
    {
        // class " thing id-t3_… spoiler …"; no data-spoiler on 2017 pages. The other 22 have no "spoiler" token
        // (a.thumbnail.spoiler and span.spoiler-stamp sit inside the five).
        Assert.Equal(
            ["7gn695", "7glrna", "7gmld9", "7ghs6m", "7gje71"],
            IdsWhere(Marvel(), t => t.IsSpoiler));
    }

    [Fact]
    public void Parse_LegacyMarvelListing_GivesSpoilerPlaceholderThumbnailsNoImage()
    {
        // a.thumbnail.spoiler has no <img>.
        Assert.All(Marvel().Things.Where(t => t.IsSpoiler), t => Assert.Null(t.Thumbnail));
    }

    [Fact]
    public void Parse_LegacyMarvelListing_MarksExactlyTheTwoStickiedPosts()
    {
        Assert.Equal(["7fmqmj", "7gd8lu"], IdsWhere(Marvel(), t => t.IsStickied));
    }

    [Fact]
    public void Parse_LegacyMarvelListing_MarksOnlyTheRedditVideo()
    {
        // data-domain="v.redd.it", data-kind='video'.
        Assert.Equal(["7gn695"], IdsWhere(Marvel(), t => t.IsVideo));
        Assert.Equal(new Uri("https://v.redd.it/9bo5dspeu4101"), Thing(Marvel(), "7gn695").Url);
    }

    [Fact]
    public void Parse_LegacyMarvelListing_KeepsTheNextLinkWithItsTrackingNoiseAsItIs()
    {
        var page = Marvel();

        // href="…?utm_content=trending_sr_1&amp;amp=&amp;utm_medium=…": decoded once, the stray "&amp=&" stays.
        Assert.Equal(
            "https://www.reddit.com/r/marvelstudios/?utm_content=trending_sr_1&amp=&utm_medium=trending_subreddits_bar"
                + "&utm_source=reddit&utm_name=frontpage&count=25&after=t3_7ggj0c",
            page.NextPage?.AbsoluteUri);
        Assert.Equal("t3_7ggj0c", page.After);
    }

    [Fact]
    public void Parse_LegacyMarvelListingGivenAnOldRedditUrl_KeepsTheAbsoluteWwwLinksAndResolvesOnlyRelativeOnes()
    {
        var page = Parse(MarvelFile, "https://old.reddit.com/r/marvelstudios/");

        // The next link is absolute (www.reddit.com); data-permalink is relative.
        Assert.Equal("www.reddit.com", page.NextPage?.Host);
        Assert.Equal(
            new Uri("https://old.reddit.com/r/marvelstudios/comments/7ggj0c/im_rick_thanos_and_this_is_my_pawn_shop/"),
            page.Things[^1].Permalink);
    }
}
