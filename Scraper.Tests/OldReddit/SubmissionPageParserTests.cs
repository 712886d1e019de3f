using System.Text.RegularExpressions;
using Scraper.Jobs.OldReddit;
using static Scraper.Tests.Support.SubmissionFixtures;

namespace Scraper.Tests.OldReddit;

/// <summary>The submission-page parser against the 9 saved submission pages. Every expected value was read by hand
/// off the raw HTML (python3 html.parser and grep), not taken from the parser's output.</summary>
public class SubmissionPageParserTests
{
    // ---- every field, page by page -------------------------------------------------------------------------

    [Fact]
    public void Parse_SelfPostPage_ReadsEveryFieldButTheSelftext()
    {
        var expected = new SubmissionPage
        {
            Submission = new Submission
            {
                Id = "z0oio5",
                Subreddit = "China_irl",
                Title = "越南数字威权主义的悄然演变",
                Author = "Proper_Bodybuilder_2",
                // Richtext author flair with no emoji: visible text == title attribute.
                AuthorFlair = new Flair("潜龙勿用。见龙在田，飞龙在天。亢龙有悔。履霜，坚冰至。龙战于野，其血玄黄，其道穷也。", null),
                // span.linkflairlabel: text " 政治经济", title ":speak: 政治经济", span.flairemoji title ":speak:".
                LinkFlair = new Flair("政治经济", ":speak:"),
                CreatedUtc = new DateTimeOffset(2022, 11, 21, 3, 45, 33, TimeSpan.Zero), // data-timestamp 1669002333000
                EditedUtc = null,
                Score = 37,
                CommentCount = 41,
                Permalink = SelfPostUrl,
                Url = SelfPostUrl, // data-url is the relative permalink
                Domain = "self.China_irl",
                IsSelf = true,
                CrosspostParent = null, // data-num-crossposts="2" counts crossposts OF this post
                Thumbnail = null, // a.thumbnail.self, no img
            },
            SelftextText = "",
            SelftextHtml = "",
            UpvoteRatio = 0.92, // "37 points (92% upvoted)"
            Points = 37,
            RemovalState = RemovalState.None,
            CommentCountInHeader = 41, // "all 41 comments"
            // 41 div.thing.comment in div.commentarea; no morechildren/morerecursion stubs, none deleted.
            CommentsRendered = 41,
        };

        var page = Parse(SelfPost, SelfPostUrl);

        // The selftext is long; its own tests below check it.
        AssertPage(expected, page with { SelftextText = "", SelftextHtml = "" });
    }

    [Fact]
    public void Parse_ExternalLinkPage_ReadsEveryField()
    {
        var expected = new SubmissionPage
        {
            Submission = new Submission
            {
                Id = "z2bhbm",
                Subreddit = "China_irl",
                Title = "消息：中国拟对蚂蚁处以逾10亿美元罚款",
                Author = "Counterhaters",
                AuthorFlair = null,
                LinkFlair = new Flair("政治经济", ":speak:"),
                CreatedUtc = new DateTimeOffset(2022, 11, 23, 1, 27, 46, TimeSpan.Zero), // 1669166866000
                EditedUtc = null,
                Score = 6,
                CommentCount = 5,
                Permalink = LinkPostUrl,
                Url = new Uri("https://www.zaobao.com.sg/realtime/china/story20221122-1335992"),
                Domain = "zaobao.com.sg",
                Thumbnail = new Uri("https://b.thumbs.redditmedia.com/sQ1tQziuQLj9LJZG0UafJmQ1JPtgDomb9_SbRq3FV2U.jpg"),
            },
            SelftextText = "",
            SelftextHtml = "",
            UpvoteRatio = 0.75, // "6 points (75% upvoted)"
            Points = 6,
            RemovalState = RemovalState.None,
            CommentCountInHeader = 5, // "all 5 comments"
            CommentsRendered = 5, // 5 div.thing.comment, no stubs
        };

        AssertPage(expected, Parse(LinkPost, LinkPostUrl));
    }

    [Fact]
    public void Parse_GalleryPage_ReadsEveryField()
    {
        var expected = new SubmissionPage
        {
            Submission = new Submission
            {
                Id = "z0728o",
                Subreddit = "China_irl",
                Title = "苏联德国二战前海报对比",
                Author = "Different_Ad6979",
                AuthorFlair = null,
                LinkFlair = new Flair("人文历史", ":calendar:"),
                CreatedUtc = new DateTimeOffset(2022, 11, 20, 15, 35, 0, TimeSpan.Zero), // 1668958500000
                EditedUtc = null,
                Score = 28,
                CommentCount = 17,
                Permalink = GalleryPostUrl,
                Url = new Uri("https://www.reddit.com/gallery/z0728o"),
                Domain = "old.reddit.com",
                IsGallery = true,
                // The page has div.expando-button.video, but that button is also used for galleries; the domain is
                // old.reddit.com and there is no data-kind='video', so this is not a video.
                IsVideo = false,
                Thumbnail = new Uri("https://b.thumbs.redditmedia.com/BWWIg7MeHtaWHiOnR6QgyuYTeeI8fD5Xv1aEId7b7Eo.jpg"),
            },
            SelftextText = "", // the expando holds gallery preview markup, no div.usertext-body > div.md
            SelftextHtml = "",
            UpvoteRatio = 0.76, // "28 points (76% upvoted)"
            Points = 28,
            RemovalState = RemovalState.None,
            CommentCountInHeader = 17, // "all 17 comments"
            CommentsRendered = 17, // 17 div.thing.comment (nested up to depth 4), no stubs
        };

        AssertPage(expected, Parse(GalleryPost, GalleryPostUrl));
    }

    [Fact]
    public void Parse_VideoCrosspostPage_ReadsEveryField()
    {
        var expected = new SubmissionPage
        {
            Submission = new Submission
            {
                Id = "z09a7r",
                Subreddit = "China_irl",
                Title = "翼刀性感电臀舞",
                Author = "Dry_Illustrator5642",
                AuthorFlair = null,
                LinkFlair = new Flair("网事趣闻", ":grinning:"),
                CreatedUtc = new DateTimeOffset(2022, 11, 20, 17, 6, 19, TimeSpan.Zero), // 1668963979000
                EditedUtc = null,
                Score = 0,
                CommentCount = 1,
                Permalink = VideoCrosspostUrl,
                Url = new Uri("https://v.redd.it/4huchegx4x0a1"),
                Domain = "v.redd.it",
                // data-domain="v.redd.it", data-url https://v.redd.it/… and data-target-root-type="video" all agree.
                IsVideo = true,
                CrosspostParent = new CrosspostParent("t3_yzd8l8", "gege_circle", "Unable_County3698"),
                Thumbnail = new Uri("https://b.thumbs.redditmedia.com/Tmi6A2ra7CcW-LU1PZkTteEn2iFmLo4otPVKwWzBNyI.jpg"),
            },
            SelftextText = "",
            SelftextHtml = "",
            UpvoteRatio = 0.36, // "0 points (36% upvoted)"
            Points = 0,
            RemovalState = RemovalState.None,
            CommentCountInHeader = 1, // "all 1 comments" (sic)
            CommentsRendered = 1,
        };

        AssertPage(expected, Parse(VideoCrosspost, VideoCrosspostUrl));
    }

    [Fact]
    public void Parse_GamesPageWithDeletedAuthor_ReadsEveryField()
    {
        var expected = new SubmissionPage
        {
            Submission = new Submission
            {
                Id = "1lqa2hj",
                Subreddit = "Games",
                Title = "Has Xbox Considered Laying One Person Off Instead Of Thousands",
                Author = null, // no data-author; tagline "by <span>[deleted]</span>"
                AuthorFlair = null,
                LinkFlair = new Flair("Opinion Piece", null),
                CreatedUtc = new DateTimeOffset(2025, 7, 2, 23, 1, 35, TimeSpan.Zero), // 1751497295000
                EditedUtc = null,
                Score = 8724,
                CommentCount = 978,
                Permalink = GamesUrl,
                Url = new Uri("https://aftermath.site/xbox-layoffs-microsoft-phil-spencer"),
                Domain = "aftermath.site",
                CrosspostParent = null, // data-num-crossposts="1" but no data-crosspost-root-*
                Thumbnail = null, // no a.thumbnail at all
            },
            SelftextText = "",
            SelftextHtml = "",
            UpvoteRatio = 0.93, // "8,724 points (93%\n upvoted)" across two lines
            Points = 8724,
            RemovalState = RemovalState.None,
            CommentCountInHeader = null, // "top 200 comments"
            // 196 div.thing.comment in div.commentarea, counting the 6 class "deleted" ones (no data-fullname) and the
            // 8 by deleted accounts; the 103 div.thing.morechildren stubs are not comments.
            CommentsRendered = 196,
        };

        AssertPage(expected, Parse(Games, GamesUrl));
    }

    [Fact]
    public void Parse_MoviesPage_ReadsEveryField()
    {
        var expected = new SubmissionPage
        {
            Submission = new Submission
            {
                Id = "1hy9891",
                Subreddit = "movies",
                Title = "Ernest actor Bill Byrge dies at the age of 92",
                Author = "TheMirrorUS",
                AuthorFlair = null,
                LinkFlair = new Flair("Article", null),
                CreatedUtc = new DateTimeOffset(2025, 1, 10, 17, 7, 22, TimeSpan.Zero), // 1736528842000
                EditedUtc = null,
                Score = 1723,
                CommentCount = 104,
                Permalink = MoviesUrl,
                Url = new Uri("https://www.themirror.com/entertainment/breaking-bill-byrge-dead-92-902954"),
                Domain = "themirror.com",
                CrosspostParent = null, // data-num-crossposts="3" but no data-crosspost-root-*
                Thumbnail = new Uri("https://b.thumbs.redditmedia.com/is0YeBeI5RD485G8ukXesqHZDyixZ41HngFqESrLgvU.jpg"),
            },
            SelftextText = "",
            SelftextHtml = "",
            UpvoteRatio = 0.95, // "1,723 points (95% upvoted)"
            Points = 1723,
            RemovalState = RemovalState.None,
            CommentCountInHeader = 104, // "all 104 comments"
            CommentsRendered = 106, // 106 div.thing.comment, no stubs, none deleted
        };

        AssertPage(expected, Parse(Movies, MoviesUrl));
    }

    [Fact]
    public void Parse_LegacyTelevisionPage_ReadsEveryField()
    {
        var expected = new SubmissionPage
        {
            Submission = new Submission
            {
                Id = "7gnfe5",
                Subreddit = "television",
                Title = "'Mindhunter' Renewed for Season 2 at Netflix",
                Author = "NeilPoonHandler",
                AuthorFlair = new Flair("Twin Peaks", null), // span.flair.flair-TwinPeaks1
                LinkFlair = new Flair("/r/all", null), // its CSS class is "spoiler"
                CreatedUtc = new DateTimeOffset(2017, 11, 30, 16, 16, 22, TimeSpan.Zero), // 1512058582000
                EditedUtc = null,
                Score = 24337, // data-score and div.score.unvoted@title agree here
                CommentCount = 1271, // data-comments-count and "1271 comments" agree here
                Permalink = TelevisionUrl,
                // Kept as the page writes it, double slash included.
                Url = new Uri("https://www.hollywoodreporter.com//live-feed/mindhunter-renewed-season-2-at-netflix-1062982"),
                Domain = "hollywoodreporter.com",
                IsSpoiler = false,
                Thumbnail = new Uri("https://b.thumbs.redditmedia.com/bC99cxmaI85tlzOX7UaNy5rBRXNcygcYaMk5fwYomls.jpg"),
            },
            SelftextText = "",
            SelftextHtml = "",
            UpvoteRatio = 0.93, // "24,337 points (93% upvoted)"
            Points = 24337,
            RemovalState = RemovalState.None,
            CommentCountInHeader = null, // "top 200 comments"
            // 200 div.thing.comment; the 132 morechildren and 1 morerecursion stubs are not counted.
            CommentsRendered = 200,
        };

        AssertPage(expected, Parse(LegacyTelevision, TelevisionUrl));
    }

    [Fact]
    public void Parse_LegacyTitleOnlySelfPostPage_ReadsEveryField()
    {
        var expected = new SubmissionPage
        {
            Submission = new Submission
            {
                Id = "7hg228",
                Subreddit = "WritingPrompts",
                Title = "[WP] You discover a library with a biography for everyone on Earth. While reading your own, you "
                    + "notice that whenever someone else is mentioned, there's a footnote showing where you can find their "
                    + "biography. Its odd how someone who was only a sentence in your book has a whole chapter for you.",
                Author = "hexernano",
                AuthorFlair = null,
                LinkFlair = new Flair("Writing Prompt", null),
                CreatedUtc = new DateTimeOffset(2017, 12, 4, 8, 26, 7, TimeSpan.Zero), // 1512375967000
                EditedUtc = null,
                Score = 8510, // visible div.score.unvoted@title; data-score says 8253
                CommentCount = 208, // visible "208 comments"; data-comments-count says 201
                Permalink = WritingPromptsUrl,
                Url = WritingPromptsUrl,
                Domain = "self.WritingPrompts",
                IsSelf = true,
                Thumbnail = null, // a.thumbnail.self, no img
            },
            SelftextText = "",
            SelftextHtml = "",
            UpvoteRatio = 0.92, // "8,510 points (92% upvoted)"
            Points = 8510,
            RemovalState = RemovalState.None,
            CommentCountInHeader = null, // "top 200 comments" (followed by a "show all 208" link)
            // 139 div.thing.comment, including 1 deleted one (class "deleted", no data-fullname, no data-type);
            // the 1 morechildren stub is not counted.
            CommentsRendered = 139,
        };

        AssertPage(expected, Parse(LegacyWritingPrompts, WritingPromptsUrl));
    }

    [Fact]
    public void Parse_LoggedInSelfPostPage_ReadsEveryFieldButTheSelftext()
    {
        // Logged in as fleekonpoint (body class "loggedin", a reply form): the post itself reads as on any other page.
        var expected = new SubmissionPage
        {
            Submission = new Submission
            {
                Id = "1i5fyk0",
                Subreddit = "leagueoflegends",
                Title = "Monday Megathread! Ask questions and share knowledge; newcomer questions encouraged!",
                Author = "AutoModerator",
                AuthorFlair = null, // span.userattrs is empty
                LinkFlair = null,
                CreatedUtc = new DateTimeOffset(2025, 1, 20, 2, 30, 30, TimeSpan.Zero), // 1737340230000
                EditedUtc = null, // the one time.edited-timestamp is on a comment
                Score = 11,
                CommentCount = 21,
                Permalink = LeagueOfLegendsUrl,
                Url = LeagueOfLegendsUrl,
                Domain = "self.leagueoflegends",
                IsSelf = true,
                IsStickied = true, // span.stickied-tagline "announcement"
                Thumbnail = null, // a.thumbnail.self, no img
            },
            SelftextText = "",
            SelftextHtml = "",
            UpvoteRatio = 1.0, // "11 points (100% upvoted)"
            Points = 11,
            RemovalState = RemovalState.None,
            CommentCountInHeader = 21, // "all 21 comments"
            CommentsRendered = 18, // 18 div.thing.comment, no stubs
        };

        var page = Parse(LoggedIn, LeagueOfLegendsUrl);

        AssertPage(expected, page with { SelftextText = "", SelftextHtml = "" });
    }

    // ---- the traps, one behaviour each ---------------------------------------------------------------------

    [Fact]
    public void Parse_SelfPostPage_SelftextTextIsThePlainTextOfTheBody()
    {
        var text = Parse(SelfPost, SelfPostUrl).SelftextText;

        Assert.StartsWith("11月4日，越南信息和通信部宣布，当局将执行更严格的规定", text, StringComparison.Ordinal);
        Assert.Contains("越南部长阮曼雄(Nguyen Manh Hung)在国民议会(National Assembly)上警告说", text, StringComparison.Ordinal);
        // The last paragraph is a link; its text is kept, the markup is not.
        Assert.EndsWith("The Quiet Evolution of Vietnam’s Digital Authoritarianism – The Diplomat", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SelfPostPage_SelftextTextSeparatesParagraphsByOneSpaceOrNewline()
    {
        var text = Parse(SelfPost, SelfPostUrl).SelftextText;

        // The first two <p> are separated by "\n\n" in the source; they must neither run together nor keep the blank line.
        Assert.Matches("虚假新闻将会传播得非常广泛。”[ \n]自由之家", text);
        Assert.DoesNotMatch(@"\s{2,}", text);
        Assert.Equal(text.Trim(), text);
    }

    [Fact]
    public void Parse_SelfPostPage_SelftextHtmlIsTheInnerHtmlOfTheBody()
    {
        var html = Parse(SelfPost, SelfPostUrl).SelftextHtml;

        Assert.StartsWith("<p>11月4日，越南信息和通信部宣布", html, StringComparison.Ordinal);
        Assert.Contains(
            "<a href=\"https://thediplomat.com/2022/11/the-quiet-evolution-of-vietnams-digital-authoritarianism/\">",
            html,
            StringComparison.Ordinal);
        Assert.Equal(20, Regex.Count(html, "<p>")); // 20 paragraphs in the div.md
        Assert.DoesNotContain("usertext-body", html, StringComparison.Ordinal); // inner, not outer HTML
    }

    [Fact]
    public void Parse_SelfPostPage_IsNeitherRemovedNorDeleted()
    {
        Assert.Equal(RemovalState.None, Parse(SelfPost, SelfPostUrl).RemovalState);
    }

    [Fact]
    public void Parse_SelfPostPageWithAnEditedComment_LeavesThePostUnedited()
    {
        // The only time.edited-timestamp on the page (2022-11-21T09:24:15Z) belongs to a comment.
        Assert.Null(Parse(SelfPost, SelfPostUrl).Submission.EditedUtc);
    }

    [Fact]
    public void Parse_RichtextLinkFlair_TakesTrimmedTextAndEmojiCodeFromTheEmojiSpan()
    {
        // <span class="flairrichtext … linkflairlabel" title=":speak: 政治经济"><span class="flairemoji" title=":speak:">
        Assert.Equal(new Flair("政治经济", ":speak:"), Parse(SelfPost, SelfPostUrl).Submission.LinkFlair);
    }

    [Fact]
    public void Parse_PostWhoseAuthorIsDeleted_HasNullAuthor()
    {
        Assert.Null(Parse(Games, GamesUrl).Submission.Author);
    }

    [Fact]
    public void Parse_PrettifiedPage_CollapsesThePaddedTitle()
    {
        // The source reads "Has Xbox Considered Laying\n\t\t\t\t\t\t\t\tOne Person Off Instead Of Thousands".
        Assert.Equal(
            "Has Xbox Considered Laying One Person Off Instead Of Thousands",
            Parse(Games, GamesUrl).Submission.Title);
    }

    [Fact]
    public void Parse_PrettifiedPage_ReadsPointsWithThousandsCommaAndRatioAcrossLines()
    {
        // <span class="number">8,724</span>&#32;<span class="word">points</span>&#32;(93%\n\t\t\t\t\tupvoted)
        var page = Parse(Games, GamesUrl);

        Assert.Equal(8724, page.Points);
        Assert.NotNull(page.UpvoteRatio);
        Assert.Equal(0.93, page.UpvoteRatio.Value, 6);
    }

    [Fact]
    public void Parse_TopCommentsHeader_HasNoHeaderCountAndCountsDeletedCommentsButNotStubs()
    {
        var page = Parse(Games, GamesUrl);

        Assert.Null(page.CommentCountInHeader); // "top 200 comments"
        Assert.Equal(196, page.CommentsRendered); // 190 live + 6 deleted div.thing.comment; 103 morechildren excluded
    }

    [Fact]
    public void Parse_MoviesPage_RendersMoreCommentsThanItsHeaderReports()
    {
        var page = Parse(Movies, MoviesUrl);

        Assert.Equal(104, page.CommentCountInHeader); // "all 104 comments"
        Assert.Equal(106, page.CommentsRendered); // 106 div.thing.comment elements
    }

    [Fact]
    public void Parse_LinkFlairWithSpoilerCssClass_IsNotSpoilerTagged()
    {
        // Thing class "linkflair-spoiler", body class "post-linkflair-spoiler", but no class token "spoiler" and no
        // span.spoiler-stamp.
        var submission = Parse(LegacyTelevision, TelevisionUrl).Submission;

        Assert.False(submission.IsSpoiler);
        Assert.Equal(new Flair("/r/all", null), submission.LinkFlair);
    }

    [Fact]
    public void Parse_GalleryPage_IsAGalleryLinkingToTheGalleryPage()
    {
        var submission = Parse(GalleryPost, GalleryPostUrl).Submission;

        Assert.True(submission.IsGallery);
        Assert.Equal(new Uri("https://www.reddit.com/gallery/z0728o"), submission.Url);
        Assert.Equal("old.reddit.com", submission.Domain);
        Assert.False(submission.IsVideo);
    }

    [Fact]
    public void Parse_VideoCrosspost_NamesTheRootPostAndIsAVideo()
    {
        var submission = Parse(VideoCrosspost, VideoCrosspostUrl).Submission;

        Assert.Equal(new CrosspostParent("t3_yzd8l8", "gege_circle", "Unable_County3698"), submission.CrosspostParent);
        Assert.True(submission.IsVideo);
    }

    [Fact]
    public void Parse_PostThatWasCrosspostedElsewhere_IsNotItselfACrosspost()
    {
        // data-num-crossposts="3": others crossposted this post; it has no data-crosspost-root-*.
        Assert.Null(Parse(Movies, MoviesUrl).Submission.CrosspostParent);
    }

    [Fact]
    public void Parse_LegacyTitleOnlySelfPost_HasEmptySelftext()
    {
        var page = Parse(LegacyWritingPrompts, WritingPromptsUrl);

        Assert.True(page.Submission.IsSelf);
        Assert.Equal("", page.SelftextText);
        Assert.Equal("", page.SelftextHtml);
    }

    [Fact]
    public void Parse_LegacyPageWithStaleDataAttributes_PrefersTheVisibleScoreAndCommentCount()
    {
        // data-score="8253" vs div.score.unvoted title="8510"; data-comments-count="201" vs a.comments "208 comments".
        var submission = Parse(LegacyWritingPrompts, WritingPromptsUrl).Submission;

        Assert.Equal(8510, submission.Score);
        Assert.Equal(208, submission.CommentCount);
    }

    [Fact]
    public void Parse_LegacyPage_ResolvesRelativeUrlsAgainstThePageAddress()
    {
        // data-permalink and data-url are relative; the page was served from www.reddit.com.
        var submission = Parse(LegacyWritingPrompts, WritingPromptsUrl).Submission;

        Assert.Equal(WritingPromptsUrl, submission.Permalink);
        Assert.Equal(WritingPromptsUrl, submission.Url);
    }

    [Fact]
    public void Parse_ProtocolRelativeThumbnail_GetsHttps()
    {
        // <img src="//b.thumbs.redditmedia.com/sQ1t…V2U.jpg">
        Assert.Equal(
            new Uri("https://b.thumbs.redditmedia.com/sQ1tQziuQLj9LJZG0UafJmQ1JPtgDomb9_SbRq3FV2U.jpg"),
            Parse(LinkPost, LinkPostUrl).Submission.Thumbnail);
    }

    // ---- helpers -------------------------------------------------------------------------------------------


    // The submission first, so a failure names the record that differs; the ratio with a tolerance, since 92% may
    // reasonably come out as 0.92 ± one ulp.
    private static void AssertPage(SubmissionPage expected, SubmissionPage actual)
    {
        Assert.Equal(expected.Submission, actual.Submission);
        Assert.NotNull(actual.UpvoteRatio);
        Assert.Equal(expected.UpvoteRatio!.Value, actual.UpvoteRatio.Value, 6);
        // The comments have their own tests (CommentParserTests); the lists would compare by reference anyway.
        Assert.Equal(expected, actual with { UpvoteRatio = expected.UpvoteRatio, Comments = [], MoreComments = [] });
    }
}
