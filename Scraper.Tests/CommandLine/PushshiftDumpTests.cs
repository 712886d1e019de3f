using System.Text.Json;
using Scraper.Jobs.OldReddit;
using Scraper.Jobs.Storage;
using Scraper.Web.CommandLine;

namespace Scraper.Tests.CommandLine;

/// <summary>Lines of the Pushshift-format dump where the record's state is not the plain case: a hidden score, a
/// removal undone, a deletion erased.</summary>
public class PushshiftDumpTests
{
    private static readonly DateTimeOffset First = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Line_CommentWhoseScoreWasHiddenAtEveryVisit_WritesAScoreOfOneAndSaysItIsHidden()
    {
        var line = Parse(Stored(Comment() with { Score = null, IsScoreHidden = true }, Seen()));

        Assert.Equal(JsonValueKind.Number, line.GetProperty("score").ValueKind);
        Assert.Equal(1, line.GetProperty("score").GetInt64());
        Assert.True(line.GetProperty("score_hidden").GetBoolean());
    }

    [Fact]
    public void Line_CommentRemovedOnceAndApprovedSince_ReportsNoRemoval()
    {
        var line = Parse(Stored(Comment(), Seen() with { Last = First.AddHours(1), FirstRemoved = First.AddMinutes(30), RemovedBy = "moderator" }));

        var meta = line.GetProperty("_meta");
        Assert.False(meta.TryGetProperty("removal_type", out _));
        Assert.False(meta.TryGetProperty("was_deleted_later", out _));
        Assert.Equal(First.AddHours(1).ToUnixTimeSeconds(), meta.GetProperty("retrieved_2nd_on").GetInt64());
    }

    [Fact]
    public void Line_CommentDeletedAndErased_ReadsDeletedAsTheDumpsShowIt()
    {
        var erased = Comment() with { Author = null, BodyText = "", BodyHtml = "", RemovalState = RemovalState.Deleted };

        var line = Parse(Stored(erased, Seen() with { Last = First.AddHours(1), FirstRemoved = First.AddHours(1), RemovedBy = "deleted", ContentErased = true }));

        Assert.Equal("[deleted]", line.GetProperty("body").GetString());
        Assert.Equal("[deleted]", line.GetProperty("author").GetString());
        Assert.Equal("deleted", line.GetProperty("_meta").GetProperty("removal_type").GetString());
    }

    private static Comment Comment() => new()
    {
        Id = "c1",
        ParentFullname = "t3_p1",
        Depth = 0,
        Author = "commenter",
        BodyText = "words",
        BodyHtml = "<p>words</p>",
        Score = 5,
        CreatedUtc = First.AddMinutes(-5),
    };

    private static Seen Seen() => new(First, First, null, null, null, false);

    private static StoredComment Stored(Comment comment, Seen seen) => new(comment, "p1", "rstats", seen);

    private static JsonElement Parse(StoredComment stored) => JsonDocument.Parse(PushshiftDump.Line(stored)!).RootElement;
}
