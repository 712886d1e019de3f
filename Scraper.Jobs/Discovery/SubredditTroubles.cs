using System.Globalization;
using Hangfire;
using Scraper.Jobs.OldReddit;

namespace Scraper.Jobs.Discovery;

/// <summary>A subreddit whose listing reddit will not give us as a listing, and will not by asking again soon: it
/// does not exist, is private, banned or quarantined, sits behind a gate the account cannot pass, or its markup is
/// not the one the parser knows.</summary>
/// <param name="Kind">What its listing turned out to be.</param>
/// <param name="Reason">The page's one-line reason.</param>
/// <param name="Since">When discovery first met it.</param>
/// <param name="Checked">When discovery last asked.</param>
public sealed record SubredditTrouble(PageKind Kind, string Reason, DateTimeOffset Since, DateTimeOffset Checked)
{
    /// <summary>The kind's one snake-case name.</summary>
    public string Outcome => PageKindNames.Of(Kind);

    /// <summary>True for the outcomes of a listing that make a subreddit's trouble: not a page, not worth asking
    /// again within minutes (a block or a cut-off body are), not about the account (those pause all fetching).</summary>
    public static bool IsTrouble(PageKind kind) => !kind.IsSuccess() && !kind.IsTransient() && !kind.IsAccessLost();
}

/// <summary>Each subreddit's trouble, kept in Hangfire's storage (Redis, or the process's own storage without it),
/// so every process sees it and the one that begins or ends it is the one that says so.</summary>
public sealed class SubredditTroubles(JobStorage storage)
{
    private const string KindField = "kind";
    private const string ReasonField = "reason";
    private const string SinceField = "since";
    private const string CheckedField = "checked";

    public SubredditTrouble? Get(string subreddit)
    {
        using var connection = storage.GetConnection();
        var entries = connection.GetAllEntriesFromHash(Key(subreddit));
        return entries is not null
               && entries.TryGetValue(KindField, out var kind) && PageKindNames.TryParse(kind, out var parsed)
               && entries.TryGetValue(SinceField, out var since) && entries.TryGetValue(CheckedField, out var checkedAt)
            ? new SubredditTrouble(parsed, entries.GetValueOrDefault(ReasonField) ?? string.Empty, Time(since), Time(checkedAt))
            : null;
    }

    /// <summary>Every subreddit in trouble, by name (lower case).</summary>
    public IReadOnlyDictionary<string, SubredditTrouble> All()
    {
        using var connection = storage.GetConnection();
        return connection.GetAllItemsFromSet(IndexKey)
            .Select(s => (Name: s, Trouble: Get(s)))
            .Where(p => p.Trouble is not null)
            .ToDictionary(p => p.Name, p => p.Trouble!, StringComparer.OrdinalIgnoreCase);
    }

    public void Set(string subreddit, SubredditTrouble trouble)
    {
        using var connection = storage.GetConnection();
        using var transaction = connection.CreateWriteTransaction();
        transaction.SetRangeInHash(Key(subreddit), [
            new(KindField, PageKindNames.Of(trouble.Kind)),
            new(ReasonField, trouble.Reason),
            new(SinceField, Text(trouble.Since)),
            new(CheckedField, Text(trouble.Checked)),
        ]);
        transaction.AddToSet(IndexKey, subreddit.ToLowerInvariant());
        transaction.Commit();
    }

    public void Clear(string subreddit)
    {
        using var connection = storage.GetConnection();
        using var transaction = connection.CreateWriteTransaction();
        transaction.RemoveHash(Key(subreddit));
        transaction.RemoveFromSet(IndexKey, subreddit.ToLowerInvariant());
        transaction.Commit();
    }

    private const string IndexKey = "scraper:subreddit-troubles";

    private static string Key(string subreddit) => "scraper:subreddit-trouble:" + subreddit.ToLowerInvariant();

    private static string Text(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(string text) =>
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture));
}
