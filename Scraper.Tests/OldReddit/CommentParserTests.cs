using Scraper.Jobs.OldReddit;
using Scraper.Tests.Support;
using static Scraper.Tests.Support.SubmissionFixtures;

namespace Scraper.Tests.OldReddit;

/// <summary>The comments and "more" stubs of every saved submission page. Every expected value was read off the raw
/// HTML by hand (grep and sed on the file, and a python3 html.parser walk that lists each div.thing of kind comment,
/// morechildren or morerecursion with its nearest enclosing comment thing), never from the parser's output.
/// Counts: comments are the div.thing elements whose class has "comment" (grep -o of the class attribute), which is
/// the data-type="comment" things plus the deleted ones, which have no data-type; stubs are the data-type="morechildren"
/// and data-type="morerecursion" things.</summary>
public class CommentParserTests
{
    // ---- submission-selfpost-r-china_irl-z0oio5.html: 41 comments (41 data-type="comment"), no stubs ----------

    [Fact]
    public void Parse_SelfPostPage_ReadsEveryCommentAndNoStubs()
    {
        var page = Parse(SelfPost, SelfPostUrl);

        Assert.Equal(41, page.Comments.Count);
        Assert.Equal(page.Comments.Count, page.CommentsRendered);
        Assert.Empty(page.MoreComments);
        AssertComment(page.Comments[0], "ix6pkgq", "t3_z0oio5", 0, "Certain-Comb6656", 39, "2022-11-21T03:55:21Z", "第一反应是，你说的是不是五星越南");
        AssertComment(page.Comments[^1], "ixb88xd", "t3_z0oio5", 0, "may20221900", null, "2022-11-22T03:24:13Z", "越南别抄了");
        Assert.True(page.Comments[^1].IsScoreHidden); // span.score-hidden "[score hidden]"
    }

    [Fact]
    public void Parse_SelfPostPage_ReadsAReplyByTheSubmitterWithRichtextFlair()
    {
        // Inside div#siteTable_t1_ix6pkgq; a.author.submitter; span.flairrichtext.flair with the title as text.
        var reply = Single(Parse(SelfPost, SelfPostUrl), "ix6qbdu");

        AssertComment(reply, "ix6qbdu", "t1_ix6pkgq", 1, "Proper_Bodybuilder_2", 19, "2022-11-21T04:01:59Z", "一星中国");
        Assert.True(reply.IsSubmitter);
        Assert.Equal(new Flair("潜龙勿用。见龙在田，飞龙在天。亢龙有悔。履霜，坚冰至。龙战于野，其血玄黄，其道穷也。", null), reply.AuthorFlair);
        Assert.Equal("<p>一星中国</p>", reply.BodyHtml);
        Assert.Equal(new Uri("https://old.reddit.com/r/China_irl/comments/z0oio5/越南数字威权主义的悄然演变/ix6qbdu/"), reply.Permalink);
    }

    [Fact]
    public void Parse_SelfPostPage_ReadsTheEditTimeApartFromTheCreationTime()
    {
        // <time ... datetime="2022-11-21T09:17:45+00:00" class="live-timestamp"> then
        // <time class="edited-timestamp" ... datetime="2022-11-21T09:24:15+00:00">; two levels deep.
        var edited = Single(Parse(SelfPost, SelfPostUrl), "ix7g5lf");

        AssertComment(edited, "ix7g5lf", "t1_ix7eyh5", 2, "honesty173", 8, "2022-11-21T09:17:45Z", "随着时间");
        Assert.Equal(DateTimeOffset.Parse("2022-11-21T09:24:15Z"), edited.EditedUtc);
        Assert.False(Single(Parse(SelfPost, SelfPostUrl), "ix6pkgq").EditedUtc.HasValue);
    }

    // ---- submission-link-r-china_irl-z2bhbm.html: 5 comments, no stubs, every score hidden ---------------------

    [Fact]
    public void Parse_LinkPostPage_ReadsFiveCommentsWithHiddenScores()
    {
        var page = Parse(LinkPost, LinkPostUrl);

        Assert.Equal(5, page.Comments.Count);
        Assert.Empty(page.MoreComments);
        AssertComment(page.Comments[0], "ixfnnv7", "t3_z2bhbm", 0, "Salty-Sheepherder388", null, "2022-11-23T02:08:17Z", "养肥了是时候收割一波了");
        AssertComment(page.Comments[2], "ixfsuef", "t1_ixfr0y9", 1, "Kiw_Bsc_Ger_Gt8", null, "2022-11-23T02:50:18Z", "人家要的是支付宝");
        AssertComment(page.Comments[^1], "ixgi0tr", "t3_z2bhbm", 0, "EXcaliburn233", null, "2022-11-23T07:01:21Z", "在？共同富裕一下");
        Assert.All(page.Comments, c => Assert.True(c.IsScoreHidden));
    }

    // ---- submission-gallery-r-china_irl-z0728o.html: 17 comments, no stubs --------------------------------------

    [Fact]
    public void Parse_GalleryPage_ReadsFirstLastAndANestedReply()
    {
        var page = Parse(GalleryPost, GalleryPostUrl);

        Assert.Equal(17, page.Comments.Count);
        Assert.Empty(page.MoreComments);
        AssertComment(page.Comments[0], "ix3v6le", "t3_z0728o", 0, "FuckASUKA", 11, "2022-11-20T15:38:21Z", "二战意大利的宣传海报");
        AssertComment(Single(page, "ix40bo6"), "ix40bo6", "t1_ix3zwia", 1, "Puzzleheaded_Gift708", 15, "2022-11-20T16:15:01Z", "<image>");
        AssertComment(page.Comments[^1], "ix9ag1t", "t1_ix95yni", 1, "Different_Ad6979", 1, "2022-11-21T18:58:51Z", "不压制，哪能出来这种符合官方意志的东西");
    }

    // ---- submission-video-r-china_irl-z09a7r.html: 1 comment ------------------------------------------------------

    [Fact]
    public void Parse_VideoPage_ReadsItsOnlyComment()
    {
        var page = Parse(VideoCrosspost, VideoCrosspostUrl);

        var only = Assert.Single(page.Comments);
        AssertComment(only, "ix498d9", "t3_z09a7r", 0, "KleeMains", 1, "2022-11-20T17:16:22Z", "发防区不火，建议发xvideos🐶");
        Assert.Empty(page.MoreComments);
    }

    // ---- submission-link-r-games-1lqa2hj-prettified.html: 196 comments (190 data-type="comment" + 6 "deleted
    // comment" things with no data-type), 103 stubs (103 data-type="morechildren", no morerecursion) ------------

    [Fact]
    public void Parse_GamesPage_CountsLiveAndDeletedCommentsAndEveryLoadMoreStub()
    {
        var page = Parse(Games, GamesUrl);

        Assert.Equal(196, page.Comments.Count);
        Assert.Equal(196, page.CommentsRendered);
        Assert.Equal(6, page.Comments.Count(c => c.RemovalState != RemovalState.None));
        Assert.Equal(103, page.MoreComments.Count);
        Assert.All(page.MoreComments, m => Assert.Equal(MoreCommentsKind.LoadMore, m.Kind));
    }

    [Fact]
    public void Parse_GamesPage_ReadsTheFirstCommentOfADeletedAccountAndCollapsesItsPaddedBody()
    {
        // No data-author, tagline "<span>[deleted]</span>", body kept: the prettified source splits it over lines.
        var first = Parse(Games, GamesUrl).Comments[0];

        AssertComment(first, "n113cp2", "t3_1lqa2hj", 0, null, 2215, "2025-07-02T23:06:22Z", "Sometimes I wonder");
        Assert.Equal("Sometimes I wonder whether it was Microsoft that acquired Activision Blizzard or AB acquired Microsoft", first.BodyText);
        Assert.Equal(RemovalState.None, first.RemovalState);
    }

    [Fact]
    public void Parse_GamesPage_ReadsTheLastCommentAndANestedReply()
    {
        var page = Parse(Games, GamesUrl);

        AssertComment(page.Comments[^1], "n14jthf", "t3_1lqa2hj", 0, "IMurderPeopleAndShit", 3, "2025-07-03T13:46:28Z",
            "Executives will tend to hire executives");
        AssertComment(page.Comments[1], "n113i94", "t1_n113cp2", 1, "ComprehensiveArt7725", 1220, "2025-07-02T23:07:12Z",
            "All i know is bobby k made off like a fat rat");
    }

    [Fact]
    public void Parse_GamesPage_ReadsARemovedCommentsIdFromItsReportFormAndKeepsItsReplies()
    {
        // <div class=" thing collapsed &#32; deleted comment "> with no data-fullname, tagline <em>[deleted]</em>,
        // div.usertext.grayed with <p>[removed]</p>, <div class="reportform report-t1_n141qhk">; its reply n14fdsj sits
        // in div#siteTable_deleted.
        var page = Parse(Games, GamesUrl);
        var removed = Single(page, "n141qhk");

        AssertComment(removed, "n141qhk", "t1_n13znkm", 3, null, null, "2025-07-03T11:59:40Z", "[removed]");
        Assert.Equal("[removed]", removed.BodyText);
        Assert.Equal(RemovalState.Removed, removed.RemovalState);
        Assert.True(removed.IsCollapsed);
        Assert.False(removed.IsScoreHidden);
        Assert.Equal(new Uri(GamesUrl, "n141qhk/"), removed.Permalink); // data-permalink survives here
        AssertComment(Single(page, "n14fdsj"), "n14fdsj", "t1_n141qhk", 4, "gogoheadray", 52, "2025-07-03T13:22:23Z",
            "It’s not that AB executives are");
    }

    [Fact]
    public void Parse_GamesPage_ReadsADeletedBodyAsDeleted()
    {
        // class "collapsed deleted comment", <em>[deleted]</em>, <p>[deleted]</p>, report-t1_n1166hf.
        var deleted = Single(Parse(Games, GamesUrl), "n1166hf");

        AssertComment(deleted, "n1166hf", "t1_n113cp2", 1, null, null, "2025-07-02T23:21:47Z", "[deleted]");
        Assert.Equal(RemovalState.Deleted, deleted.RemovalState);
    }

    [Fact]
    public void Parse_GamesPage_ReadsModernLoadMoreStubsWithTheirChildIds()
    {
        var stubs = Parse(Games, GamesUrl).MoreComments;

        // onclick="return morechildren(this, 't3_1lqa2hj', 'confidence', 'c1:t1_n13hcg8', 'False')", "load\n more\n
        // comments (1\n reply)", in the reply list of n137avd (depth 6).
        AssertStub(stubs[0], MoreCommentsKind.LoadMore, "t1_n137avd", 7, 1, 1, "n13hcg8", "n13hcg8");
        // The last: top level, "(232 replies)", 164 ids in 'c1:t1_n11418f,t1_n11goij,…,t1_n12yndf'.
        AssertStub(stubs[^1], MoreCommentsKind.LoadMore, "t3_1lqa2hj", 0, 232, 164, "n11418f", "n12yndf");
    }

    // ---- submission-link-r-movies-1hy9891-prettified.html: 106 comments, no stubs ---------------------------------

    [Fact]
    public void Parse_MoviesPage_ReadsFirstLastAndANestedReply()
    {
        var page = Parse(Movies, MoviesUrl);

        Assert.Equal(106, page.Comments.Count);
        Assert.Empty(page.MoreComments);
        AssertComment(page.Comments[0], "m6flabz", "t3_1hy9891", 0, "aardw0lf11", 353, "2025-01-10T17:21:27Z",
            "I didn’t know he was still alive, before today I mean.");
        AssertComment(page.Comments[1], "m6fljiq", "t1_m6flabz", 1, "joshhupp", 118, "2025-01-10T17:22:40Z",
            "Hard to believe he outlived Ernest");
        AssertComment(page.Comments[^1], "m6fklnp", "t1_m6fjs6z", 1, "husserl-edmund", 20, "2025-01-10T17:18:09Z",
            "Bobby is legendary");
    }

    // ---- legacy2017-submission-link-r-television-7gnfe5.html: 200 comments, 133 stubs (132 morechildren + 1
    // morerecursion) -------------------------------------------------------------------------------------------

    [Fact]
    public void Parse_LegacyTelevisionPage_ReadsEveryCommentAndStub()
    {
        var page = Parse(LegacyTelevision, TelevisionUrl);

        Assert.Equal(200, page.Comments.Count);
        Assert.Equal(132, page.MoreComments.Count(m => m.Kind == MoreCommentsKind.LoadMore));
        Assert.Equal(1, page.MoreComments.Count(m => m.Kind == MoreCommentsKind.ContinueThread));
        AssertComment(page.Comments[0], "dqkarb3", "t3_7gnfe5", 0, "BunyipPouch", 3109, "2017-11-30T16:35:43Z",
            "Nice. Hopefully David Fincher stays heavily involved.");
        AssertComment(page.Comments[1], "dqkazru", "t1_dqkarb3", 1, "theblackfool", 895, "2017-11-30T16:39:29Z", "I believe he is.");
        AssertComment(page.Comments[^1], "dqkdzm9", "t3_7gnfe5", 0, "Baby-Lee", 8, "2017-11-30T17:27:07Z",
            "A great video came out yesterday");
    }

    [Fact]
    public void Parse_LegacyPageWithoutDataPermalink_TakesThePermalinkButton()
    {
        // 2017 comments have no data-permalink; a.bylink[data-event-action=permalink] is absolute.
        Assert.Equal(
            new Uri("https://www.reddit.com/r/television/comments/7gnfe5/mindhunter_renewed_for_season_2_at_netflix/dqkarb3/"),
            Parse(LegacyTelevision, TelevisionUrl).Comments[0].Permalink);
    }

    [Fact]
    public void Parse_LegacyTelevisionPage_Reads2017LoadMoreArgumentsAndTheContinueThreadLink()
    {
        var stubs = Parse(LegacyTelevision, TelevisionUrl).MoreComments;

        // 'dqkke8y,dqkjqdo,dqklkiy', 9, 'False' and "(3 replies)", in the reply list of dqkjlfh.
        AssertStub(stubs[0], MoreCommentsKind.LoadMore, "t1_dqkjlfh", 9, 3, 3, "dqkke8y", "dqklkiy");
        Assert.Equal(["dqkke8y", "dqkjqdo", "dqklkiy"], stubs[0].ChildIds);
        // The last: top level, "(464 replies)", 345 ids from dqkhjb5 to dqkgiyn.
        AssertStub(stubs[^1], MoreCommentsKind.LoadMore, "t3_7gnfe5", 0, 464, 345, "dqkhjb5", "dqkgiyn");
        // <div class=" thing id-t1__ … morerecursion " data-fullname="t1__"> > span.deepthread > a href (relative).
        var deeper = Assert.Single(stubs, m => m.Kind == MoreCommentsKind.ContinueThread);
        Assert.Equal("t1_dqkg2ol", deeper.ParentFullname);
        Assert.Equal(10, deeper.Depth);
        Assert.Null(deeper.Count);
        Assert.Empty(deeper.ChildIds);
        Assert.Equal(new Uri(TelevisionUrl, "dqkg2ol/"), deeper.Link);
    }

    // ---- legacy2017-submission-selfpost-notext-r-writingprompts-7hg228.html: 139 comments (138 data-type="comment"
    // + 1 deleted), 1 morechildren stub ----------------------------------------------------------------------------

    [Fact]
    public void Parse_LegacyWritingPromptsPage_ReadsTheStickiedModeratorCommentFirst()
    {
        // class "stickied … comment score-hidden", a.author.moderator, span.flair "StickyBot™", span.score-hidden.
        var page = Parse(LegacyWritingPrompts, WritingPromptsUrl);
        var first = page.Comments[0];

        Assert.Equal(139, page.Comments.Count);
        AssertComment(first, "dqqpgo5", "t3_7hg228", 0, "WritingPromptsRobot", null, "2017-12-04T08:26:23Z",
            "Off-Topic Discussion: All top-level comments must be a story or poem.");
        Assert.True(first.IsScoreHidden);
        Assert.True(first.IsStickied);
        Assert.Equal(Distinguished.Moderator, first.Distinguished);
        Assert.Equal(new Flair("StickyBot™", null), first.AuthorFlair);
        // Heading, list items and the links line each make a line of the text.
        Assert.Contains("\nReminder for Writers and Readers:\n", first.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LegacyWritingPromptsPage_ReadsANestedReply()
    {
        AssertComment(Single(Parse(LegacyWritingPrompts, WritingPromptsUrl), "dqqw22r"), "dqqw22r", "t1_dqquppg", 1,
            "rhceres", null, "2017-12-04T13:00:27Z", "That was incredible. Thank you for this.");
    }

    [Fact]
    public void Parse_LegacyWritingPromptsPage_ReadsTheRemovedLastCommentFromItsReportForm()
    {
        // The page's last thing: "collapsed deleted comment score-hidden", no data-fullname, no permalink button,
        // <em>[deleted]</em>, <p>[removed]</p>, <div class="reportform report-t1_dqqwo6q">.
        var last = Parse(LegacyWritingPrompts, WritingPromptsUrl).Comments[^1];

        AssertComment(last, "dqqwo6q", "t3_7hg228", 0, null, null, "2017-12-04T13:18:34Z", "[removed]");
        Assert.Equal(RemovalState.Removed, last.RemovalState);
        Assert.False(last.IsScoreHidden); // the class says score-hidden, but the tagline shows no score at all
        Assert.Null(last.Permalink);
    }

    [Fact]
    public void Parse_LegacyWritingPromptsPage_ReadsALoadMoreStubShowingMoreRepliesThanItNames()
    {
        // "(18 replies)", 'dqr2k81,dqr2bsy,dqqxj5d,dqqv561,dqr1ps7,dqr0jyp,dqr1o2g,dqqttfd,dqqt8yk,dqr09j3', 1, under
        // the stickied comment.
        var stub = Assert.Single(Parse(LegacyWritingPrompts, WritingPromptsUrl).MoreComments);

        AssertStub(stub, MoreCommentsKind.LoadMore, "t1_dqqpgo5", 1, 18, 10, "dqr2k81", "dqr09j3");
        Assert.Null(stub.Link);
    }

    // ---- loggedin-submission-selfpost-r-leagueoflegends-2025-bs4prettified.html: 18 comments, no stubs ----------

    [Fact]
    public void Parse_LoggedInPage_ReadsCommentsPastTheTopLevelReplyForm()
    {
        var page = Parse(LoggedIn, LeagueOfLegendsUrl);

        Assert.Equal(18, page.Comments.Count);
        Assert.Empty(page.MoreComments);
        AssertComment(page.Comments[0], "m89avzl", "t3_1i5fyk0", 0, "ZediaReddit", 1, "2025-01-20T23:58:57Z",
            "Why do i need 4500cs for HALF of a battlepass level?");
        AssertComment(page.Comments[3], "m89kuni", "t1_m895q4w", 1, "Shenanigans0122", 1, "2025-01-21T00:50:58Z",
            "I’d say lux is kinda the classic alternate");
        AssertComment(page.Comments[^1], "m83ij3f", "t3_1i5fyk0", 0, "subredditsummarybot", 1, "2025-01-20T02:38:41Z",
            "Your Weekly /r/leagueoflegends Recap");
    }

    [Fact]
    public void Parse_LoggedInPage_ReadsANegativeScore()
    {
        // <span class="score unvoted" title="-1">-1 points</span>
        Assert.Equal(-1, Single(Parse(LoggedIn, LeagueOfLegendsUrl), "m8622a2").Score);
    }

    // ---- every page ----------------------------------------------------------------------------------------------

    [Fact]
    public void Parse_EverySubmissionPage_PutsEachParentBeforeItsRepliesOneLevelUp()
    {
        foreach (var (file, url) in new[]
                 {
                     (SelfPost, SelfPostUrl), (LinkPost, LinkPostUrl), (GalleryPost, GalleryPostUrl),
                     (VideoCrosspost, VideoCrosspostUrl), (Games, GamesUrl), (Movies, MoviesUrl),
                     (LegacyTelevision, TelevisionUrl), (LegacyWritingPrompts, WritingPromptsUrl), (LoggedIn, LeagueOfLegendsUrl),
                 })
        {
            var page = Parse(file, url);
            var depths = new Dictionary<string, int>();
            foreach (var comment in page.Comments)
            {
                var expectedDepth = comment.ParentFullname == "t3_" + page.Submission.Id
                    ? 0
                    : depths[comment.ParentFullname] + 1;
                Assert.Equal(expectedDepth, comment.Depth);
                Assert.True(depths.TryAdd(comment.Fullname, comment.Depth), file + ": " + comment.Id + " twice");
            }

            Assert.All(page.MoreComments, m => Assert.True(
                m.ParentFullname == "t3_" + page.Submission.Id || depths[m.ParentFullname] + 1 == m.Depth, file));
            Assert.Equal(page.Comments.Count, page.CommentsRendered);
        }
    }

    [Fact]
    public void Fixtures_EverySavedSubmissionPage_IsOneOfTheNineTestedHere()
    {
        // A page added to testdata/oldreddit gets comment tests too: this fails until it is named above.
        Assert.Equal(
            new[] { SelfPost, LinkPost, GalleryPost, VideoCrosspost, Games, Movies, LegacyTelevision, LegacyWritingPrompts, LoggedIn }
                .Order(StringComparer.Ordinal),
            Fixtures.Named("submission-", "legacy2017-submission-", "loggedin-submission-"));
    }

    // ---- helpers -------------------------------------------------------------------------------------------------


    private static Comment Single(SubmissionPage page, string id) => Assert.Single(page.Comments, c => c.Id == id);

    private static void AssertComment(
        Comment comment, string id, string parent, int depth, string? author, long? score, string created, string bodyStart)
    {
        Assert.Equal(id, comment.Id);
        Assert.Equal(parent, comment.ParentFullname);
        Assert.Equal(depth, comment.Depth);
        Assert.Equal(author, comment.Author);
        Assert.Equal(score, comment.Score);
        Assert.Equal(DateTimeOffset.Parse(created), comment.CreatedUtc);
        Assert.StartsWith(bodyStart, comment.BodyText, StringComparison.Ordinal);
    }

    private static void AssertStub(
        MoreComments stub, MoreCommentsKind kind, string parent, int depth, int? count, int ids, string firstId, string lastId)
    {
        Assert.Equal(kind, stub.Kind);
        Assert.Equal(parent, stub.ParentFullname);
        Assert.Equal(depth, stub.Depth);
        Assert.Equal(count, stub.Count);
        Assert.Equal(ids, stub.ChildIds.Count);
        Assert.Equal(firstId, stub.ChildIds[0]);
        Assert.Equal(lastId, stub.ChildIds[^1]);
    }
}
