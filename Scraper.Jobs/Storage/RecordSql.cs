namespace Scraper.Jobs.Storage;

/// <summary>The Record page's aggregates: each a single pass over an index, grouped by the lower-case
/// subreddit.</summary>
internal static class RecordSql
{
    public const string Submissions = """
        SELECT lower(subreddit) AS Subreddit, COUNT(*) AS Count, MAX(created_utc_ms) AS NewestMs,
            MAX(first_scraped_at_ms) AS LastStoredMs
        FROM submissions GROUP BY lower(subreddit)
        """;

    public const string Comments = "SELECT lower(subreddit) AS Subreddit, COUNT(*) AS Count FROM comments GROUP BY lower(subreddit)";

    public const string Revisits = """
        SELECT lower(subreddit) AS Subreddit, COUNT(*) AS Pending,
            SUM(CASE WHEN due_at_ms <= @nowMs THEN 1 ELSE 0 END) AS Due
        FROM revisits WHERE done_at_ms IS NULL GROUP BY lower(subreddit)
        """;

    public const string Planned = "SELECT subreddit AS Subreddit, planned_at_ms AS PlannedMs FROM posting_rates WHERE planned_at_ms IS NOT NULL";

    /// <summary>Each subreddit's newest run, with what became of what it enqueued (as <see cref="SubmissionSql.RunLedger"/>).</summary>
    public const string LastRuns = """
        SELECT r.run_id AS Run, lower(r.subreddit) AS Subreddit, r.started_at_ms AS StartedMs, r.discovered AS Discovered,
            r.enqueued AS Enqueued, r.already_known AS AlreadyKnown,
            (SELECT COUNT(*) FROM scrape_claims c JOIN submissions s ON s.id = c.id WHERE c.run_id = r.run_id) AS Scraped,
            (SELECT COUNT(*) FROM scrape_claims c WHERE c.run_id = r.run_id AND c.failure IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM submissions s WHERE s.id = c.id)) AS Failed
        FROM (SELECT lower(subreddit) AS subreddit, MAX(started_at_ms) AS newest FROM discovery_runs GROUP BY lower(subreddit)) l
        JOIN discovery_runs r ON lower(r.subreddit) = l.subreddit AND r.started_at_ms = l.newest
        ORDER BY r.run_id
        """;
}
