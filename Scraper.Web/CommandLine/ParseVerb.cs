using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Scraper.Jobs.OldReddit;

namespace Scraper.Web.CommandLine;

/// <summary><c>parse &lt;file.html&gt; [--url &lt;page url&gt;]</c>: prints what the parsers read from a saved page.</summary>
internal static class ParseVerb
{
    /// <summary>Exit code for a page that cannot be read: cut off, or markup the parsers do not know.</summary>
    public const int Unreadable = 3;

    private static readonly Uri DefaultPageUrl = new("https://old.reddit.com/");

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // A page's kind by its one name (PageKindNames), the other enums by the same policy.
        Converters = { new PageKindConverter(), new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        // Titles and permalinks are often not ASCII; print them as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Build(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("file") { Description = "A saved old.reddit page (HTML)." };
        var url = new Option<string?>("--url")
        {
            Description = "The page's address: relative links resolve against it, and a /comments/ path selects "
                + "the submission parser. Default: https://old.reddit.com/ and the parser chosen by the page.",
        };
        var command = new Command("parse", "Print what the parsers read from a saved page, as JSON.") { file, url };
        command.SetAction(async (result, cancellationToken) =>
            await RunAsync(result.GetRequiredValue(file), result.GetValue(url), output, error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        FileInfo file, string? urlText, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        Uri? url = null;
        if (urlText is not null && !Uri.TryCreate(urlText, UriKind.Absolute, out url))
        {
            await error.WriteLineAsync("--url must be an absolute URL, e.g. https://old.reddit.com/r/python/");
            return 1;
        }

        string html;
        try
        {
            html = await File.ReadAllTextAsync(file.FullName, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync("cannot read " + file.FullName + ": " + e.Message);
            return 1;
        }

        var report = Read(html, url);
        if (report.Kind is PageKind.Truncated or PageKind.MarkupChanged)
        {
            await error.WriteLineAsync(file.Name + ": " + PageKindNames.Of(report.Kind) + ": " + report.Reason);
            return Unreadable;
        }

        await output.WriteLineAsync(JsonSerializer.Serialize(report, Json));
        return 0;
    }

    private static Report Read(string html, Uri? url)
    {
        var pageUrl = url ?? DefaultPageUrl;
        var wantsSubmission = url?.AbsolutePath.Contains("/comments/", StringComparison.Ordinal) ?? false;
        if (!wantsSubmission)
        {
            var listing = ListingParser.Parse(html, pageUrl);
            // Without a URL the page itself says which parser fits.
            if (url is not null || listing.Kind != PageKind.WrongPageKind)
            {
                return new Report(listing.Kind, listing.Reason, listing.LoggedInAs)
                {
                    Submissions = listing.Page?.Things,
                    NextPage = listing.Page?.NextPage,
                    After = listing.Page?.After,
                };
            }
        }

        var page = SubmissionPageParser.Parse(html, pageUrl);
        return new Report(page.Kind, page.Reason, page.LoggedInAs)
        {
            Submissions = page.Page is null ? null : [page.Page.Submission],
            Page = page.Page is null ? null : PageDetails.Of(page.Page),
        };
    }

    /// <summary>The printed shape: the kind and whose page it is (null when logged out), then what the page held.</summary>
    private sealed record Report(PageKind Kind, string? Reason, string? LoggedInAs)
    {
        public IReadOnlyList<Submission>? Submissions { get; init; }

        public Uri? NextPage { get; init; }

        public string? After { get; init; }

        /// <summary>What only a submission page shows; absent for listings.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public PageDetails? Page { get; init; }
    }

    private sealed record PageDetails(
        string SelftextText,
        string SelftextHtml,
        double? UpvoteRatio,
        long? Points,
        RemovalState RemovalState,
        int? CommentCountInHeader,
        int CommentsRendered)
    {
        public static PageDetails Of(SubmissionPage page) => new(
            page.SelftextText,
            page.SelftextHtml,
            page.UpvoteRatio,
            page.Points,
            page.RemovalState,
            page.CommentCountInHeader,
            page.CommentsRendered);
    }

    private sealed class PageKindConverter : JsonConverter<PageKind>
    {
        public override PageKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            PageKindNames.TryParse(reader.GetString() ?? string.Empty, out var kind) ? kind : throw new JsonException("Not a page kind");

        public override void Write(Utf8JsonWriter writer, PageKind value, JsonSerializerOptions options) =>
            writer.WriteStringValue(PageKindNames.Of(value));
    }
}
