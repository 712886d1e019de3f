using Scraper.Jobs.OldReddit;

namespace Scraper.Jobs.Scraping;

/// <summary>The page will not become readable by asking again (not found, private, banned, markup changed…): the job
/// fails once, with this in its state, and is not retried.</summary>
public sealed class PermanentPageException(Uri url, PageKind kind, string? reason) : PageRefusedException(url, kind, reason);
