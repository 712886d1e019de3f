namespace Scraper.Jobs.Storage;

/// <summary>What one page of a discovery run found: <paramref name="Discovered"/> submissions above the floor, of
/// which <paramref name="Enqueued"/> were new and <paramref name="AlreadyKnown"/> stored or enqueued before. The
/// <paramref name="Run"/> id is the run's first job's Hangfire id, carried by its follow-ups.</summary>
public sealed record DiscoveryTally(
    string Run, string Subreddit, DateTimeOffset Started, int Discovered, int Enqueued, int AlreadyKnown);

/// <summary>One discovery run's account: <c>Discovered = Enqueued + AlreadyKnown</c>, and of those enqueued, how
/// many are stored, given up on, or still pending.</summary>
public sealed record RunLedger(
    string Run, string Subreddit, DateTimeOffset Started, long Discovered, long Enqueued, long AlreadyKnown, long Scraped, long Failed)
{
    /// <summary>Enqueued and neither stored nor given up on: waiting, running or being retried.</summary>
    public long Pending => Math.Max(0, Enqueued - Scraped - Failed);
}
