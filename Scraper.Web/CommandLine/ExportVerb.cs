using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Scraper.Jobs.Storage;
using Scraper.Web.Hosting;

namespace Scraper.Web.CommandLine;

/// <summary><c>export [--subreddit X] [--since 2026-11-01] [--format jsonl|csv|pushshift] [--comments] [--output F
/// [--zstd]]</c>: writes the stored submissions (or, with <c>--comments</c> and <c>pushshift</c>, their comments) to
/// stdout or a file, streaming (one row read, one row written), oldest first. The store is the app's
/// (<c>ConnectionStrings:Submissions</c>).</summary>
internal static class ExportVerb
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Build(TextWriter output, TextWriter error)
    {
        var subreddit = new Option<string?>("--subreddit") { Description = "Only this subreddit." };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only submissions (with --comments: comments) created at or after this time (UTC if no offset)." };
        var format = new Option<string>("--format")
        {
            Description = "jsonl (default), csv, or pushshift (the Pushshift / Arctic Shift dumps' NDJSON).",
            DefaultValueFactory = _ => "jsonl",
        };
        format.AcceptOnlyFromAmong("jsonl", "csv", "pushshift");
        var comments = new Option<bool>("--comments") { Description = "With --format pushshift: the comments dump (RC_) instead of the submissions (RS_)." };
        var file = new Option<string?>("--output") { Description = "Write to this file instead of stdout." };
        var zstd = new Option<bool>("--zstd") { Description = "With --output: compress as the dumps are (zstd, long window)." };
        var command = new Command("export", "Write the stored submissions to stdout as JSON lines, CSV or a Pushshift-format dump.")
        {
            subreddit, since, format, comments, file, zstd,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(comments) && result.GetValue(format) != "pushshift")
            {
                result.AddError("--comments needs --format pushshift.");
            }

            if (result.GetValue(zstd) && result.GetValue(file) is null)
            {
                result.AddError("--zstd needs --output: the dump is binary.");
            }
        });
        command.SetAction((result, cancellationToken) => RunAsync(
            new Request(result.GetValue(subreddit), result.GetValue(since), result.GetRequiredValue(format), result.GetValue(comments),
                result.GetValue(file), result.GetValue(zstd)),
            output, error, cancellationToken));
        return command;
    }

    private sealed record Request(string? Subreddit, DateTimeOffset? Since, string Format, bool Comments, string? File, bool Zstd);

    private static Task<int> RunAsync(Request request, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        VerbHost.RunWithStoreAsync(
            async () =>
            {
                var builder = VerbHost.CreateBuilder();
                builder.Logging.ClearProviders();
                var connections = Settings.Read<ConnectionStringsOptions>(builder.Configuration, ConnectionStringsOptions.SectionName);
                builder.Services.AddSubmissionStore(connections.Submissions);
                using var host = builder.Build();
                var store = host.Services.GetRequiredService<ISubmissionStore>();
                await store.InitializeAsync(cancellationToken);
                var (subreddit, since) = (request.Subreddit, request.Since);
                var lines = request.Format switch
                {
                    "pushshift" when request.Comments =>
                        store.ExportCommentsAsync(subreddit, since, cancellationToken).Select(PushshiftDump.Line).OfType<string>(),
                    "pushshift" => store.ExportAsync(subreddit, since, cancellationToken).Select(PushshiftDump.Line).OfType<string>(),
                    "csv" => Csv(store.ExportAsync(subreddit, since, cancellationToken).Select(ExportRow.Of)),
                    _ => store.ExportAsync(subreddit, since, cancellationToken).Select(row => JsonSerializer.Serialize(ExportRow.Of(row), Json)),
                };
                if (request.File is not { } path)
                {
                    await WriteLinesAsync(lines, output, cancellationToken);
                }
                else if (request.Zstd)
                {
                    await PushshiftDump.WriteZstdAsync(lines, path, cancellationToken);
                }
                else
                {
                    // Beside it first: the file appears only whole.
                    var part = path + ".part";
                    try
                    {
                        await using (var writer = new StreamWriter(part, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
                        {
                            await WriteLinesAsync(lines, writer, cancellationToken);
                        }

                        File.Move(part, path, overwrite: true);
                    }
                    finally
                    {
                        File.Delete(part);
                    }
                }
            },
            output,
            error,
            cancellationToken);

    private static async Task WriteLinesAsync(IAsyncEnumerable<string> lines, TextWriter output, CancellationToken cancellationToken)
    {
        await foreach (var line in lines.WithCancellation(cancellationToken))
        {
            await output.WriteLineAsync(line);
        }
    }

    private static async IAsyncEnumerable<string> Csv(IAsyncEnumerable<ExportRow> rows)
    {
        var properties = typeof(ExportRow).GetProperties();
        yield return string.Join(',', properties.Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)));
        await foreach (var row in rows)
        {
            yield return string.Join(',', properties.Select(p => Csv(p.GetValue(row))));
        }
    }

    // RFC 4180: quote a field holding a comma, quote or line break; double the quotes inside.
    private static string Csv(object? value)
    {
        var text = value switch
        {
            null => string.Empty,
            DateTimeOffset time => time.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            bool flag => flag ? "true" : "false",
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };
        return text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>One exported row: every stored field, flat.</summary>
    private sealed record ExportRow(
        string Id, string Subreddit, string Title, string? Author, DateTimeOffset? CreatedUtc, DateTimeOffset? EditedUtc,
        long? Score, int? CommentCount, double? UpvoteRatio, long? Points, string Permalink, string Url, string Domain,
        bool IsSelf, bool IsNsfw, bool IsSpoiler, bool IsStickied, bool IsLocked, bool IsArchived, bool IsOriginalContent,
        bool IsGallery, bool IsVideo, string? LinkFlair, string? AuthorFlair, string? CrosspostRootFullname,
        string? Thumbnail, string RemovalState, int? CommentCountInHeader, int CommentsRendered, string SelftextText,
        string SelftextHtml, DateTimeOffset FirstScrapedAt, DateTimeOffset ScrapedAt, int ScrapeCount)
    {
        public static ExportRow Of(StoredSubmission stored)
        {
            var page = stored.Page;
            var s = page.Submission;
            return new ExportRow(
                s.Id, s.Subreddit, s.Title, s.Author, s.CreatedUtc, s.EditedUtc, s.Score, s.CommentCount, page.UpvoteRatio,
                page.Points, s.Permalink.OriginalString, s.Url.OriginalString, s.Domain, s.IsSelf, s.IsNsfw, s.IsSpoiler,
                s.IsStickied, s.IsLocked, s.IsArchived, s.IsOriginalContent, s.IsGallery, s.IsVideo, s.LinkFlair?.Text,
                s.AuthorFlair?.Text, s.CrosspostParent?.RootFullname, s.Thumbnail?.OriginalString,
                page.RemovalState.ToString(), page.CommentCountInHeader, page.CommentsRendered, page.SelftextText,
                page.SelftextHtml, stored.FirstScrapedAt, stored.ScrapedAt, stored.ScrapeCount);
        }
    }
}
