using System.Globalization;
using System.Reflection;
using System.Text;
using Scraper.Jobs.OldReddit;

namespace Scraper.Jobs.Storage;

/// <summary>A row of <c>submissions</c>, flat, in the column types both databases share: the one column map.
/// Each property is a column of the same name in snake case (<c>AuthorFlairText</c> is <c>author_flair_text</c>);
/// <see cref="Columns"/> comes from the properties, and the insert's column list and parameters, the export's
/// select list and (through Dapper) the read all come from <see cref="Columns"/>. A column added here is added to
/// the table by a new migration in <see cref="SubmissionSql.Migrations"/>; a contract test checks that the two
/// agree.</summary>
internal sealed class SubmissionRow
{
    public string Id { get; init; } = "";
    public string Subreddit { get; init; } = "";
    public string Title { get; init; } = "";
    public string? Author { get; init; }
    public string? AuthorFlairText { get; init; }
    public string? AuthorFlairEmoji { get; init; }
    public string? LinkFlairText { get; init; }
    public string? LinkFlairEmoji { get; init; }
    public long? CreatedUtcMs { get; init; }
    public long? EditedUtcMs { get; init; }
    public long? Score { get; init; }
    public int? CommentCount { get; init; }
    public string Permalink { get; init; } = "";
    public string Url { get; init; } = "";
    public string Domain { get; init; } = "";
    public bool IsSelf { get; init; }
    public bool IsNsfw { get; init; }
    public bool IsSpoiler { get; init; }
    public bool IsStickied { get; init; }
    public bool IsLocked { get; init; }
    public bool IsArchived { get; init; }
    public bool IsOriginalContent { get; init; }
    public bool IsGallery { get; init; }
    public bool IsVideo { get; init; }
    public bool IsPromoted { get; init; }

    // A crosspost's parent may have every field null, so whether there is one is a column of its own.
    public bool IsCrosspost { get; init; }
    public string? CrosspostRootFullname { get; init; }
    public string? CrosspostSubreddit { get; init; }
    public string? CrosspostAuthor { get; init; }
    public string? Thumbnail { get; init; }
    public string SelftextText { get; init; } = "";
    public string SelftextHtml { get; init; } = "";
    public double? UpvoteRatio { get; init; }
    public long? Points { get; init; }
    public string RemovalState { get; init; } = "";
    public int? CommentCountInHeader { get; init; }
    public int CommentsRendered { get; init; }
    public long ScrapedAtMs { get; init; }
    public long FirstScrapedAtMs { get; init; }
    public int ScrapeCount { get; init; }
    public string? RemovedBy { get; init; }
    public long? FirstSeenEditedAtMs { get; init; }
    public long? FirstSeenRemovedAtMs { get; init; }
    public bool ContentErased { get; init; }

    /// <summary>Every column, in declaration order: its name in the table and the property (and parameter)
    /// that holds it.</summary>
    public static IReadOnlyList<(string Column, string Property)> Columns { get; } =
        [.. typeof(SubmissionRow).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .OrderBy(p => p.MetadataToken)
            .Select(p => (SnakeCase(p.Name), p.Name))];

    /// <summary>The row a scrape writes. <see cref="FirstScrapedAtMs"/> and <see cref="ScrapeCount"/> are the
    /// new row's values (this scrape, 1); an existing row keeps or counts its own (see
    /// <see cref="SubmissionSql.Upsert"/>).</summary>
    public static SubmissionRow From(StoredSubmission stored, bool erase = false)
    {
        var page = stored.Page;
        var s = page.Submission;
        // Scraper:KeepDeletedContent=false: an author-deleted post is stored without its author and text, as an
        // update would leave it.
        var erased = erase && page.RemovalState == OldReddit.RemovalState.Deleted;
        return new SubmissionRow
        {
            Id = s.Id,
            Subreddit = s.Subreddit,
            Title = s.Title,
            Author = erased ? null : s.Author,
            AuthorFlairText = erased ? null : s.AuthorFlair?.Text,
            AuthorFlairEmoji = erased ? null : s.AuthorFlair?.EmojiCode,
            LinkFlairText = s.LinkFlair?.Text,
            LinkFlairEmoji = s.LinkFlair?.EmojiCode,
            CreatedUtcMs = s.CreatedUtc?.ToUnixTimeMilliseconds(),
            EditedUtcMs = s.EditedUtc?.ToUnixTimeMilliseconds(),
            Score = s.Score,
            CommentCount = s.CommentCount,
            // OriginalString, not ToString(): the latter unescapes, and AbsoluteUri would turn the page's
            // non-ASCII paths into percent-escapes.
            Permalink = s.Permalink.OriginalString,
            Url = s.Url.OriginalString,
            Domain = s.Domain,
            IsSelf = s.IsSelf,
            IsNsfw = s.IsNsfw,
            IsSpoiler = s.IsSpoiler,
            IsStickied = s.IsStickied,
            IsLocked = s.IsLocked,
            IsArchived = s.IsArchived,
            IsOriginalContent = s.IsOriginalContent,
            IsGallery = s.IsGallery,
            IsVideo = s.IsVideo,
            IsPromoted = s.IsPromoted,
            IsCrosspost = s.CrosspostParent is not null,
            CrosspostRootFullname = s.CrosspostParent?.RootFullname,
            CrosspostSubreddit = s.CrosspostParent?.Subreddit,
            CrosspostAuthor = s.CrosspostParent?.Author,
            Thumbnail = s.Thumbnail?.OriginalString,
            SelftextText = erased ? string.Empty : page.SelftextText,
            SelftextHtml = erased ? string.Empty : page.SelftextHtml,
            UpvoteRatio = page.UpvoteRatio,
            Points = page.Points,
            RemovalState = page.RemovalState.ToString(),
            CommentCountInHeader = page.CommentCountInHeader,
            CommentsRendered = page.CommentsRendered,
            ScrapedAtMs = stored.ScrapedAt.ToUnixTimeMilliseconds(),
            FirstScrapedAtMs = stored.ScrapedAt.ToUnixTimeMilliseconds(),
            ScrapeCount = 1,
            RemovedBy = RecordPolicy.RemovedBy(page.RemovalState, s.Title),
            FirstSeenEditedAtMs = s.EditedUtc is null ? null : stored.ScrapedAt.ToUnixTimeMilliseconds(),
            FirstSeenRemovedAtMs = page.RemovalState == OldReddit.RemovalState.None ? null : stored.ScrapedAt.ToUnixTimeMilliseconds(),
            ContentErased = erased,
        };
    }

    /// <summary>The submission the row holds.</summary>
    public StoredSubmission ToStored()
    {
        var submission = new Submission
        {
            Id = Id,
            Subreddit = Subreddit,
            Title = Title,
            Author = Author,
            AuthorFlair = AuthorFlairText is null ? null : new Flair(AuthorFlairText, AuthorFlairEmoji),
            LinkFlair = LinkFlairText is null ? null : new Flair(LinkFlairText, LinkFlairEmoji),
            CreatedUtc = Time(CreatedUtcMs),
            EditedUtc = Time(EditedUtcMs),
            Score = Score,
            CommentCount = CommentCount,
            Permalink = new Uri(Permalink, UriKind.Absolute),
            Url = new Uri(Url, UriKind.Absolute),
            Domain = Domain,
            IsSelf = IsSelf,
            IsNsfw = IsNsfw,
            IsSpoiler = IsSpoiler,
            IsStickied = IsStickied,
            IsLocked = IsLocked,
            IsArchived = IsArchived,
            IsOriginalContent = IsOriginalContent,
            IsGallery = IsGallery,
            IsVideo = IsVideo,
            IsPromoted = IsPromoted,
            CrosspostParent = IsCrosspost ? new CrosspostParent(CrosspostRootFullname, CrosspostSubreddit, CrosspostAuthor) : null,
            Thumbnail = Thumbnail is null ? null : new Uri(Thumbnail, UriKind.Absolute),
        };
        var page = new SubmissionPage
        {
            Submission = submission,
            SelftextText = SelftextText,
            SelftextHtml = SelftextHtml,
            UpvoteRatio = UpvoteRatio,
            Points = Points,
            RemovalState = Enum.Parse<RemovalState>(RemovalState),
            CommentCountInHeader = CommentCountInHeader,
            CommentsRendered = CommentsRendered,
        };
        return new StoredSubmission(page, DateTimeOffset.FromUnixTimeMilliseconds(ScrapedAtMs))
        {
            FirstScrapedAt = DateTimeOffset.FromUnixTimeMilliseconds(FirstScrapedAtMs),
            ScrapeCount = ScrapeCount,
            Seen = new Seen(
                DateTimeOffset.FromUnixTimeMilliseconds(FirstScrapedAtMs),
                DateTimeOffset.FromUnixTimeMilliseconds(ScrapedAtMs),
                Time(FirstSeenEditedAtMs),
                Time(FirstSeenRemovedAtMs),
                RemovedBy,
                ContentErased),
        };
    }

    private static DateTimeOffset? Time(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;

    internal static string SnakeCase(string name)
    {
        var column = new StringBuilder(name.Length + 8);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && column.Length > 0)
            {
                column.Append('_');
            }

            column.Append(char.ToLower(c, CultureInfo.InvariantCulture));
        }

        return column.ToString();
    }
}
