using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Scraper.Jobs.Storage;
using Scraper.Web.Hosting;

namespace Scraper.Web.CommandLine;

/// <summary><c>export [--subreddit X] [--since 2026-11-01] [--format jsonl|csv]</c>: writes the stored
/// submissions to stdout, streaming (one row read, one row written), oldest first. The store is the app's
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
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only submissions created at or after this time (UTC if no offset)." };
        var format = new Option<string>("--format") { Description = "jsonl (default) or csv.", DefaultValueFactory = _ => "jsonl" };
        format.AcceptOnlyFromAmong("jsonl", "csv");
        var command = new Command("export", "Write the stored submissions to stdout as JSON lines or CSV.") { subreddit, since, format };
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetValue(subreddit), result.GetValue(since), result.GetRequiredValue(format), output, error, cancellationToken));
        return command;
    }

    private static Task<int> RunAsync(
        string? subreddit, DateTimeOffset? since, string format, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
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
                var rows = store.ExportAsync(subreddit, since, cancellationToken).Select(ExportRow.Of);
                if (format == "csv")
                {
                    await WriteCsvAsync(rows, output, cancellationToken);
                }
                else
                {
                    await foreach (var row in rows)
                    {
                        await output.WriteLineAsync(JsonSerializer.Serialize(row, Json));
                    }
                }
            },
            output,
            error,
            cancellationToken);

    private static async Task WriteCsvAsync(IAsyncEnumerable<ExportRow> rows, TextWriter output, CancellationToken cancellationToken)
    {
        var properties = typeof(ExportRow).GetProperties();
        await output.WriteLineAsync(string.Join(',', properties.Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name))));
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            await output.WriteLineAsync(string.Join(',', properties.Select(p => Csv(p.GetValue(row)))));
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
