using Scraper.Jobs.OldReddit;

namespace Scraper.Jobs.Scraping;

/// <summary>A transient outcome (a block page, a cut-off body): Hangfire retries the job later.</summary>
public sealed class TransientPageException(Uri url, PageKind kind, string? reason) : PageRefusedException(url, kind, reason);
