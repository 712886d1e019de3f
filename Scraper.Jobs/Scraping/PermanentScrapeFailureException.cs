using Scraper.Jobs.OldReddit;

namespace Scraper.Jobs.Scraping;

/// <summary>The page will not become readable by asking again (not found, private, banned, markup changed…):
/// the job fails once, with this in its state, and is not retried.</summary>
public sealed class PermanentScrapeFailureException(string subreddit, string id, PageKind kind, string? reason)
    : Exception("r/" + subreddit + " " + id + ": " + kind + (reason is null ? string.Empty : " (" + reason + ")"))
{
    public PageKind Kind { get; } = kind;
}

/// <summary>A transient outcome (a block page, a cut-off body): Hangfire retries the job later.</summary>
public sealed class TransientScrapeFailureException(string subreddit, string id, PageKind kind, string? reason)
    : Exception("r/" + subreddit + " " + id + ": " + kind + (reason is null ? string.Empty : " (" + reason + ")"))
{
    public PageKind Kind { get; } = kind;
}
