using System.Text.Encodings.Web;
using System.Text.Json;
using Scraper.Jobs.OldReddit;
using Scraper.Jobs.Storage;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Scraper.Web.CommandLine;

/// <summary>The record as the community's Reddit dumps are written: one JSON object a line, with the field names and
/// types of the Pushshift / Arctic Shift submission (RS_) and comment (RC_) dumps, and Arctic Shift's <c>_meta</c>
/// where it applies (README, "Dumps"). Values are those of the latest visit; <c>retrieved_on</c> is the first.</summary>
internal static class PushshiftDump
{
    /// <summary>The dumps' window: <c>zstd --long=31</c>, which is why their readers open them with
    /// <c>max_window_size=2**31</c>. The window shrinks to the file when it is smaller.</summary>
    public const int WindowLog = 31;

    private const int Level = 9;

    // The dumps' author of a deleted account or thing.
    private const string DeletedAuthor = "[deleted]";
    private const string DeletedText = "[deleted]";

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One submission's line; null when it has no creation time (the dumps' <c>created_utc</c> is never
    /// missing).</summary>
    public static string? Line(StoredSubmission stored)
    {
        var page = stored.Page;
        var s = page.Submission;
        if (s.CreatedUtc is not { } created)
        {
            return null;
        }

        return Write(json =>
        {
            json.WriteString("id", s.Id);
            json.WriteString("name", s.Fullname);
            json.WriteString("subreddit", s.Subreddit);
            json.WriteString("author", s.Author ?? DeletedAuthor);
            json.WriteString("title", s.Title);
            // As the dumps show an author's deletion: the text erased (Scraper:KeepDeletedContent=false) reads [deleted].
            json.WriteString("selftext", stored.Seen?.ContentErased == true && s.IsSelf ? DeletedText : page.SelftextText);
            json.WriteString("selftext_html", page.SelftextHtml.Length == 0 ? null : page.SelftextHtml);
            json.WriteNumber("created_utc", created.ToUnixTimeSeconds());
            json.WriteNumber("retrieved_on", stored.FirstScrapedAt.ToUnixTimeSeconds());
            Number(json, "score", s.Score);
            Number(json, "num_comments", s.CommentCount ?? page.CommentCountInHeader);
            if (page.UpvoteRatio is { } ratio)
            {
                json.WriteNumber("upvote_ratio", ratio);
            }
            else
            {
                json.WriteNull("upvote_ratio");
            }

            json.WriteString("permalink", s.Permalink.AbsolutePath);
            json.WriteString("url", s.Url.OriginalString);
            json.WriteString("domain", s.Domain);
            json.WriteBoolean("is_self", s.IsSelf);
            json.WriteBoolean("over_18", s.IsNsfw);
            json.WriteBoolean("spoiler", s.IsSpoiler);
            json.WriteBoolean("stickied", s.IsStickied);
            json.WriteBoolean("locked", s.IsLocked);
            json.WriteBoolean("archived", s.IsArchived);
            json.WriteBoolean("is_video", s.IsVideo);
            json.WriteBoolean("is_gallery", s.IsGallery);
            json.WriteBoolean("is_original_content", s.IsOriginalContent);
            json.WriteString("link_flair_text", s.LinkFlair?.Text);
            json.WriteString("author_flair_text", s.AuthorFlair?.Text);
            json.WriteString("thumbnail", s.Thumbnail?.OriginalString ?? (s.IsSelf ? "self" : "default"));
            if (s.CrosspostParent?.RootFullname is { } parent)
            {
                json.WriteString("crosspost_parent", parent);
            }

            json.WriteString("removed_by_category", page.RemovalState == RemovalState.None ? null : stored.Seen?.RemovedBy);
            Edited(json, s.EditedUtc);
            // Removed once and restored since: no removal to report.
            Meta(json, stored.Seen, stored.ScrapeCount > 1 ? stored.ScrapedAt : null, page.RemovalState == RemovalState.None ? null : stored.Seen?.RemovedBy);
        });
    }

    /// <summary>One comment's line; null when it has no creation time.</summary>
    public static string? Line(StoredComment stored)
    {
        var c = stored.Comment;
        if (c.CreatedUtc is not { } created)
        {
            return null;
        }

        return Write(json =>
        {
            json.WriteString("id", c.Id);
            json.WriteString("name", c.Fullname);
            json.WriteString("subreddit", stored.Subreddit);
            json.WriteString("link_id", "t3_" + stored.SubmissionId);
            json.WriteString("parent_id", c.ParentFullname);
            json.WriteString("author", c.Author ?? DeletedAuthor);
            json.WriteString("author_flair_text", c.AuthorFlair?.Text);
            json.WriteString("body", stored.Seen.ContentErased ? DeletedText : c.BodyText);
            json.WriteString("body_html", c.BodyHtml.Length == 0 ? null : c.BodyHtml);
            json.WriteNumber("created_utc", created.ToUnixTimeSeconds());
            json.WriteNumber("retrieved_on", stored.Seen.First.ToUnixTimeSeconds());
            // The dumps' score is always a number; reddit's API gives 1 while a score is hidden.
            Number(json, "score", c.Score ?? (c.IsScoreHidden ? 1 : null));
            json.WriteBoolean("score_hidden", c.IsScoreHidden);
            json.WriteString("distinguished", c.Distinguished == Distinguished.None ? null : c.Distinguished.ToString().ToLowerInvariant());
            json.WriteBoolean("stickied", c.IsStickied);
            json.WriteBoolean("is_submitter", c.IsSubmitter);
            json.WriteBoolean("collapsed", c.IsCollapsed);
            json.WriteString("permalink", c.Permalink?.AbsolutePath);
            Edited(json, c.EditedUtc);
            // Comment dumps name a moderator's removal "removed" and reddit's "removed by reddit".
            var removal = c.RemovalState == RemovalState.None ? null : stored.Seen.RemovedBy switch
            {
                "moderator" => "removed",
                "reddit" => "removed by reddit",
                var other => other,
            };
            Meta(json, stored.Seen, stored.Seen.Last > stored.Seen.First ? stored.Seen.Last : null, removal);
        });
    }

    /// <summary>Writes <paramref name="lines"/> to <paramref name="path"/>, zstd-compressed as the dumps are: first
    /// to a file beside it, so the compressor knows the size and sizes the window to it. The file appears at
    /// <paramref name="path"/> only whole: a failed or cancelled export leaves nothing that looks complete.</summary>
    public static async Task<long> WriteZstdAsync(IAsyncEnumerable<string> lines, string path, CancellationToken cancellationToken)
    {
        var plain = path + ".part";
        var compressed = path + ".zst.part";
        try
        {
            var count = 0L;
            await using (var writer = new StreamWriter(plain, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                await foreach (var line in lines.WithCancellation(cancellationToken))
                {
                    await writer.WriteAsync(line.AsMemory(), cancellationToken);
                    await writer.WriteAsync('\n');
                    count++;
                }
            }

            await using (var input = File.OpenRead(plain))
            await using (var output = File.Create(compressed))
            await using (var zstd = new CompressionStream(output, Level, leaveOpen: false))
            {
                zstd.SetParameter(ZSTD_cParameter.ZSTD_c_enableLongDistanceMatching, 1);
                zstd.SetParameter(ZSTD_cParameter.ZSTD_c_windowLog, WindowLog);
                zstd.SetPledgedSrcSize((ulong)input.Length);
                await input.CopyToAsync(zstd, cancellationToken);
            }

            File.Move(compressed, path, overwrite: true);
            return count;
        }
        finally
        {
            File.Delete(plain);
            File.Delete(compressed);
        }
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Number(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    // The dumps' "edited": false, or the edit's time in seconds.
    private static void Edited(Utf8JsonWriter json, DateTimeOffset? edited)
    {
        if (edited is { } at)
        {
            json.WriteNumber("edited", at.ToUnixTimeSeconds());
        }
        else
        {
            json.WriteBoolean("edited", false);
        }
    }

    /// <summary>Arctic Shift's <c>_meta</c>: a later visit's time, and what the visits saw (an edit, a removal and
    /// whether it came after the first retrieval); left out when nothing applies.</summary>
    private static void Meta(Utf8JsonWriter json, Seen? seen, DateTimeOffset? laterVisit, string? removalType)
    {
        if (seen is null || (laterVisit is null && seen.FirstEdited is null && seen.FirstRemoved is null))
        {
            return;
        }

        json.WriteStartObject("_meta");
        if (laterVisit is { } later)
        {
            json.WriteNumber("retrieved_2nd_on", later.ToUnixTimeSeconds());
        }

        if (seen.FirstEdited is not null)
        {
            json.WriteBoolean("is_edited", true);
        }

        if (seen.FirstRemoved is { } removed && removalType is not null)
        {
            json.WriteString("removal_type", removalType);
            json.WriteBoolean(removed > seen.First ? "was_deleted_later" : "was_initially_deleted", true);
        }

        json.WriteEndObject();
    }
}
