using Scraper.Jobs.OldReddit;
using Scraper.Jobs.Storage;
using static Scraper.Tests.Storage.StoredSubmissions;

namespace Scraper.Tests.Storage;

/// <summary>The whole record: comments, visits, edits and deletions, revisits.</summary>
public abstract partial class SubmissionStoreContract
{
    private static readonly DateTimeOffset Born = new(2025, 6, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Upsert_PageWithComments_StoresEveryCommentAndItsStubs()
    {
        var store = await StoreAsync();
        var visit = Visit(Born.AddMinutes(1), "first words", score: 1, comments: 2,
            [Reply("c1", null, "top comment", 5), Reply("c2", "c1", "a reply", 2)],
            [new MoreComments { Kind = MoreCommentsKind.LoadMore, ParentFullname = "t1_c1", Depth = 1, Count = 3, ChildIds = ["c7", "c8"] }]);

        Assert.True(await store.Submissions.UpsertAsync(visit, RecordPolicy.Default, CancellationToken.None));

        var comments = await store.Submissions.GetCommentsAsync("p1", CancellationToken.None);
        Assert.Equal(["c1", "c2"], comments.Select(c => c.Comment.Id));
        Assert.Equal(["t3_p1", "t1_c1"], comments.Select(c => c.Comment.ParentFullname));
        Assert.Equal([0, 1], comments.Select(c => c.Comment.Depth));
        Assert.Equal("a reply", comments[1].Comment.BodyText);
        Assert.Equal("<p>a reply</p>", comments[1].Comment.BodyHtml);
        Assert.Equal(5, comments[0].Comment.Score);
        Assert.All(comments, c => Assert.Equal("rstats", c.Subreddit));
        Assert.All(comments, c => Assert.Equal(Born.AddMinutes(1), c.Seen.First));
        Assert.Equal(1, await CountAsync(store, "SELECT COUNT(*) FROM comment_stubs WHERE submission_id = 'p1' AND shown_count = 3 AND child_ids = 'c7,c8'"));
        var snapshot = Assert.Single(await store.Submissions.GetSnapshotsAsync("p1", CancellationToken.None));
        Assert.Null(snapshot.RevisitAge);
    }

    [Fact]
    public async Task Upsert_FirstSeenAlreadyDeletedWithDeletedContentErased_StoresNoAuthorTextOrFlair()
    {
        var store = await StoreAsync();
        var erase = new RecordPolicy(KeepDeletedContent: false, []);
        var flair = new Flair("regular", null);
        var visit = Visit(Born.AddMinutes(1), "still shown", score: 1, comments: 2,
            [Reply("c1", null, "kept on the page", 1) with { RemovalState = RemovalState.Deleted, AuthorFlair = flair }, Reply("c2", null, "alive", 1) with { AuthorFlair = flair }], []);
        visit = visit with { Page = visit.Page with { RemovalState = RemovalState.Deleted } };

        await store.Submissions.UpsertAsync(visit, erase, CancellationToken.None);

        var post = Assert.Single(await ExportAsync(store));
        Assert.Equal(("", (string?)null, true), (post.Page.SelftextText, post.Page.Submission.Author, post.Seen!.ContentErased));
        var comments = await store.Submissions.GetCommentsAsync("p1", CancellationToken.None);
        Assert.Equal(("", (string?)null, (Flair?)null, true), (comments[0].Comment.BodyText, comments[0].Comment.Author, comments[0].Comment.AuthorFlair, comments[0].Seen.ContentErased));
        Assert.Equal(("alive", flair, false), (comments[1].Comment.BodyText, comments[1].Comment.AuthorFlair, comments[1].Seen.ContentErased));
    }

    [Fact]
    public async Task Upsert_CommentDeletedOnALaterVisitWithDeletedContentErased_LosesItsFlairToo()
    {
        var store = await StoreAsync();
        var erase = new RecordPolicy(KeepDeletedContent: false, []);
        var flair = new Flair("regular", null);
        await store.Submissions.UpsertAsync(
            Visit(Born.AddMinutes(1), "words", 1, 1, [Reply("c1", null, "soon gone", 1) with { AuthorFlair = flair }], []), erase, CancellationToken.None);

        await store.Submissions.UpsertAsync(
            Visit(Born.AddMinutes(2), "words", 1, 1, [Reply("c1", null, "[deleted]", null) with { Author = null, AuthorFlair = flair, RemovalState = RemovalState.Deleted }], []),
            erase, CancellationToken.None);

        var comment = Assert.Single(await store.Submissions.GetCommentsAsync("p1", CancellationToken.None));
        Assert.Equal(("", (Flair?)null, true), (comment.Comment.BodyText, comment.Comment.AuthorFlair, comment.Seen.ContentErased));
    }

    [Fact]
    public async Task AddComments_AThreadPagesReplies_AddsThemAndLeavesTheRowStubsAndSnapshotsAlone()
    {
        var store = await StoreAsync();
        var stub = new MoreComments { Kind = MoreCommentsKind.ContinueThread, ParentFullname = "t1_c1", Depth = 1, Link = new Uri("https://old.reddit.com/r/rstats/comments/p1/_/c1/") };
        var visit = Visit(Born.AddMinutes(1), "words", score: 3, comments: 3, [Reply("c1", null, "top", 1)], [stub]);
        await store.Submissions.UpsertAsync(visit, RecordPolicy.Default, CancellationToken.None);

        await store.Submissions.AddCommentsAsync(visit.Page.Submission,
            [Reply("c2", "c1", "deeper", 4), Reply("c3", "c2", "deeper still", 2) with { Depth = 2 }], Born.AddMinutes(2), RecordPolicy.Default,
            CancellationToken.None);

        var comments = await store.Submissions.GetCommentsAsync("p1", CancellationToken.None);
        Assert.Equal([("c1", 0, "t3_p1"), ("c2", 1, "t1_c1"), ("c3", 2, "t1_c2")], comments.Select(c => (c.Comment.Id, c.Comment.Depth, c.Comment.ParentFullname)));
        Assert.Equal(Born.AddMinutes(2), comments[2].Seen.First);
        Assert.Single(await store.Submissions.GetSnapshotsAsync("p1", CancellationToken.None));
        Assert.Equal(1, await CountAsync(store, "SELECT COUNT(*) FROM comment_stubs WHERE submission_id = 'p1'"));
        Assert.Equal(1, Assert.Single(await ExportAsync(store)).ScrapeCount);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Upsert_APostThatChangesAndIsThenDeleted_KeepsEachSnapshotAndTheTextAsConfigured(bool keepDeleted)
    {
        var store = await StoreAsync();
        var policy = new RecordPolicy(keepDeleted, [TimeSpan.FromHours(1), TimeSpan.FromHours(24)]);
        var first = Born.AddMinutes(1);
        var hour = Born.AddHours(1).AddSeconds(20);
        var day = Born.AddHours(24).AddSeconds(40);
        await store.Submissions.UpsertAsync(
            Visit(first, "first words", score: 1, comments: 1, [Reply("c1", null, "top comment", 1)], []), policy, CancellationToken.None);
        var edited = Visit(hour, "edited words", score: 40, comments: 2, [Reply("c1", null, "top comment", 12), Reply("c2", "c1", "soon gone", 3)], [])
            with { RevisitAge = TimeSpan.FromHours(1) };
        edited = edited with { Page = edited.Page with { Submission = edited.Page.Submission with { EditedUtc = Born.AddMinutes(30) } } };
        await store.Submissions.UpsertAsync(edited, policy, CancellationToken.None);
        var deleted = Visit(day, "[deleted]", score: 55, comments: 2,
            [Reply("c1", null, "top comment", 20), Reply("c2", "c1", "[deleted]", null) with { Author = null, RemovalState = RemovalState.Deleted }], [])
            with { RevisitAge = TimeSpan.FromHours(24) };
        deleted = deleted with
        {
            Page = deleted.Page with
            {
                RemovalState = RemovalState.Deleted,
                Submission = deleted.Page.Submission with { Title = "[deleted by user]", Author = null },
            },
        };
        await store.Submissions.UpsertAsync(deleted, policy, CancellationToken.None);

        // Every visit's snapshot, at its age.
        var snapshots = await store.Submissions.GetSnapshotsAsync("p1", CancellationToken.None);
        Assert.Equal([first, hour, day], snapshots.Select(s => s.VisitedAt));
        Assert.Equal([null, TimeSpan.FromHours(1), TimeSpan.FromHours(24)], snapshots.Select(s => s.RevisitAge));
        Assert.Equal([1L, 40L, 55L], snapshots.Select(s => s.Score));
        Assert.Equal([1, 2, 2], snapshots.Select(s => s.CommentCount));
        Assert.Equal([RemovalState.None, RemovalState.None, RemovalState.Deleted], snapshots.Select(s => s.RemovalState));

        // The deletion and the edit, when first seen; the text kept or erased, in the store and in the export.
        var post = Assert.Single(await ExportAsync(store));
        Assert.Equal(RemovalState.Deleted, post.Page.RemovalState);
        Assert.Equal(hour, post.Seen!.FirstEdited);
        Assert.Equal(day, post.Seen.FirstRemoved);
        Assert.Equal("deleted", post.Seen.RemovedBy);
        Assert.Equal(!keepDeleted, post.Seen.ContentErased);
        Assert.Equal(keepDeleted ? "edited words" : "", post.Page.SelftextText);
        Assert.Equal(keepDeleted ? "someone" : null, post.Page.Submission.Author);
        Assert.Equal(keepDeleted ? "Post p1" : "[deleted by user]", post.Page.Submission.Title);
        Assert.Equal(55, post.Page.Submission.Score);

        var comments = new List<StoredComment>();
        await foreach (var c in store.Submissions.ExportCommentsAsync(null, null, CancellationToken.None))
        {
            comments.Add(c);
        }

        Assert.Equal(["c1", "c2"], comments.Select(c => c.Comment.Id).Order());
        var gone = comments.Single(c => c.Comment.Id == "c2");
        Assert.Equal(RemovalState.Deleted, gone.Comment.RemovalState);
        Assert.Equal(day, gone.Seen.FirstRemoved);
        Assert.Equal(hour, gone.Seen.First);
        Assert.Equal(keepDeleted ? "soon gone" : "", gone.Comment.BodyText);
        Assert.Equal(keepDeleted ? "commenter" : null, gone.Comment.Author);
        Assert.Equal(3, gone.Comment.Score);
        Assert.Equal(20, comments.Single(c => c.Comment.Id == "c1").Comment.Score);
        Assert.Equal(0, await store.Submissions.CountPendingRevisitsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task TakeDueRevisits_AgesAheadOfTheFirstScrape_AreHandedOutOnceWhenDue()
    {
        var store = await StoreAsync();
        var policy = new RecordPolicy(KeepDeletedContent: true, [TimeSpan.FromHours(1), TimeSpan.FromHours(24)]);
        // Scraped at 30 minutes old: both ages ahead. Scraped at 2 hours old: only the day.
        await store.Submissions.UpsertAsync(Visit(Born.AddMinutes(30), "x", 1, 0, [], []), policy, CancellationToken.None);
        await store.Submissions.UpsertAsync(Make("old", created: Born.AddHours(-1), scrapedAt: Born.AddHours(1)), policy, CancellationToken.None);
        Assert.Equal(3, await store.Submissions.CountPendingRevisitsAsync(CancellationToken.None));

        var stale = TimeSpan.FromMinutes(10);
        var atHour = Born.AddHours(1).AddSeconds(1);
        var due = Assert.Single(await store.Submissions.TakeDueRevisitsAsync(atHour, 10, stale, CancellationToken.None));
        Assert.Equal(("p1", TimeSpan.FromHours(1), Born.AddHours(1)), (due.Id, due.Age, due.DueAt));
        Assert.Empty(await store.Submissions.TakeDueRevisitsAsync(atHour.AddMinutes(1), 10, stale, CancellationToken.None));

        // Not done within the stale time (its job lost): handed out again.
        Assert.Single(await store.Submissions.TakeDueRevisitsAsync(atHour.AddMinutes(11), 10, stale, CancellationToken.None));
        await store.Submissions.UpsertAsync(Visit(atHour.AddMinutes(12), "x", 2, 0, [], []) with { RevisitAge = due.Age }, policy, CancellationToken.None);
        Assert.Equal(2, await store.Submissions.CountPendingRevisitsAsync(CancellationToken.None));

        var atDay = Born.AddHours(24).AddMinutes(1);
        Assert.Equal(["old", "p1"], (await store.Submissions.TakeDueRevisitsAsync(atDay, 10, stale, CancellationToken.None)).Select(r => r.Id).Order());
    }

    private static StoredSubmission Visit(
        DateTimeOffset at, string text, long score, int comments, IReadOnlyList<Comment> rendered, IReadOnlyList<MoreComments> stubs)
    {
        var made = Make("p1", created: Born, scrapedAt: at);
        return made with
        {
            Page = made.Page with
            {
                Submission = made.Page.Submission with { Score = score, CommentCount = comments },
                SelftextText = text,
                SelftextHtml = "<p>" + text + "</p>",
                CommentsRendered = rendered.Count,
                Comments = rendered,
                MoreComments = stubs,
            },
        };
    }

    private static Comment Reply(string id, string? parent, string body, long? score) => new()
    {
        Id = id,
        ParentFullname = parent is null ? "t3_p1" : "t1_" + parent,
        Depth = parent is null ? 0 : 1,
        Author = "commenter",
        BodyText = body,
        BodyHtml = "<p>" + body + "</p>",
        Score = score,
        CreatedUtc = Born.AddMinutes(1),
        Permalink = new Uri("https://old.reddit.com/r/rstats/comments/p1/title/" + id + "/"),
    };

    private static async Task<long> CountAsync(SqlStore store, string sql)
    {
        await using var connection = await store.OpenConnectionAsync(CancellationToken.None);
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, sql);
    }
}
