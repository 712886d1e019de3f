using System.Data;
using System.Globalization;
using System.Text;
using Dapper;

namespace Scraper.Jobs.Storage;

/// <summary>Every SQL statement of the store, one text for SQLite and PostgreSQL. It keeps to what both dialects
/// read alike: <c>@name</c> parameters, <c>INSERT … ON CONFLICT … DO UPDATE … WHERE</c>, <c>RETURNING</c>,
/// <c>WITH c(id) AS (VALUES …)</c>, <c>NULLS FIRST</c>, and column types both accept (SQLite maps BIGINT,
/// BOOLEAN and DOUBLE PRECISION onto its own storage classes). Times are BIGINT Unix milliseconds: exact,
/// ordered and compared the same way in both. The few differences live in <see cref="SqliteStore"/> and <see cref="PostgresStore"/>, commented.</summary>
internal static class SubmissionSql
{
    /// <summary>Ids per statement: well under both parameter limits (SQLite 32766, PostgreSQL 65535).</summary>
    public const int MaxIdsPerStatement = 500;

    /// <summary>The migrations, in order. A released migration is never edited: add the next one.</summary>
    public static readonly IReadOnlyList<string> Migrations =
    [
        // Version 1.
        """
        CREATE TABLE submissions (
            id                       TEXT             NOT NULL PRIMARY KEY,
            subreddit                TEXT             NOT NULL,
            title                    TEXT             NOT NULL,
            author                   TEXT             NULL,
            author_flair_text        TEXT             NULL,
            author_flair_emoji       TEXT             NULL,
            link_flair_text          TEXT             NULL,
            link_flair_emoji         TEXT             NULL,
            created_utc_ms           BIGINT           NULL,
            edited_utc_ms            BIGINT           NULL,
            score                    BIGINT           NULL,
            comment_count            INTEGER          NULL,
            permalink                TEXT             NOT NULL,
            url                      TEXT             NOT NULL,
            domain                   TEXT             NOT NULL,
            is_self                  BOOLEAN          NOT NULL,
            is_nsfw                  BOOLEAN          NOT NULL,
            is_spoiler               BOOLEAN          NOT NULL,
            is_stickied              BOOLEAN          NOT NULL,
            is_locked                BOOLEAN          NOT NULL,
            is_archived              BOOLEAN          NOT NULL,
            is_original_content      BOOLEAN          NOT NULL,
            is_gallery               BOOLEAN          NOT NULL,
            is_video                 BOOLEAN          NOT NULL,
            is_promoted              BOOLEAN          NOT NULL,
            -- A crosspost's parent may have every field null, so whether there is one is a column of its own.
            is_crosspost             BOOLEAN          NOT NULL,
            crosspost_root_fullname  TEXT             NULL,
            crosspost_subreddit      TEXT             NULL,
            crosspost_author         TEXT             NULL,
            thumbnail                TEXT             NULL,
            selftext_text            TEXT             NOT NULL,
            selftext_html            TEXT             NOT NULL,
            upvote_ratio             DOUBLE PRECISION NULL,
            points                   BIGINT           NULL,
            removal_state            TEXT             NOT NULL,
            comment_count_in_header  INTEGER          NULL,
            comments_rendered        INTEGER          NOT NULL,
            scraped_at_ms            BIGINT           NOT NULL,
            first_scraped_at_ms      BIGINT           NOT NULL,
            scrape_count             INTEGER          NOT NULL
        );
        -- In export order. SQLite reads them in order; PostgreSQL's keep nulls last, so it sorts the export
        -- (NULLS FIRST in an index is PostgreSQL-only syntax, and one DDL text is worth more).
        CREATE INDEX submissions_by_subreddit ON submissions (lower(subreddit), created_utc_ms, id);
        CREATE INDEX submissions_by_created ON submissions (created_utc_ms, id);

        -- One row per submission ever enqueued; ClaimAsync's guard.
        CREATE TABLE scrape_claims (
            id                       TEXT             NOT NULL PRIMARY KEY,
            subreddit                TEXT             NOT NULL,
            claimant                 TEXT             NOT NULL,
            claimed_at_ms            BIGINT           NOT NULL
        );

        -- Keyed by the lower-case subreddit name.
        CREATE TABLE watermarks (
            subreddit                TEXT             NOT NULL PRIMARY KEY,
            newest_created_utc_ms    BIGINT           NOT NULL
        );
        CREATE TABLE watermark_ids (
            subreddit                TEXT             NOT NULL,
            id                       TEXT             NOT NULL,
            created_utc_ms           BIGINT           NOT NULL,
            PRIMARY KEY (subreddit, id)
        );
        """,

        // Version 2: the discovery run ledger. A claim remembers the run that enqueued it and, once given up
        // on, why.
        """
        ALTER TABLE scrape_claims ADD COLUMN run_id TEXT NULL;
        ALTER TABLE scrape_claims ADD COLUMN failure TEXT NULL;
        CREATE INDEX scrape_claims_by_run ON scrape_claims (run_id);

        CREATE TABLE discovery_runs (
            run_id                   TEXT             NOT NULL PRIMARY KEY,
            subreddit                TEXT             NOT NULL,
            started_at_ms            BIGINT           NOT NULL,
            discovered               BIGINT           NOT NULL,
            enqueued                 BIGINT           NOT NULL,
            already_known            BIGINT           NOT NULL
        );
        CREATE INDEX discovery_runs_by_start ON discovery_runs (started_at_ms);
        """,

        // Version 3: the ids at a watermark's newest time were written and never read; discovery's floor needs
        // the time alone.
        """
        DROP TABLE watermark_ids;
        """,

        // Version 4: each subreddit's posting rate as discovery has seen it, and when a read of it was last
        // planned (the planner's clock for its interval).
        """
        CREATE TABLE posting_rates (
            subreddit                TEXT             NOT NULL PRIMARY KEY,
            posts                    DOUBLE PRECISION NULL,
            hours                    DOUBLE PRECISION NULL,
            last_posts               DOUBLE PRECISION NULL,
            last_hours               DOUBLE PRECISION NULL,
            updated_at_ms            BIGINT           NULL,
            planned_at_ms            BIGINT           NULL
        );
        """,

        // Version 5: the whole record. Comments as their pages render them, the stubs of those that were not,
        // every visit's snapshot of a submission, the revisits planned at its ages, and when an edit or a
        // removal was first seen. A removed or deleted thing keeps the text seen before (unless the settings
        // erase it: content_erased).
        """
        ALTER TABLE submissions ADD COLUMN removed_by TEXT NULL;
        ALTER TABLE submissions ADD COLUMN first_seen_edited_at_ms BIGINT NULL;
        ALTER TABLE submissions ADD COLUMN first_seen_removed_at_ms BIGINT NULL;
        ALTER TABLE submissions ADD COLUMN content_erased BOOLEAN NOT NULL DEFAULT FALSE;

        CREATE TABLE comments (
            id                       TEXT             NOT NULL PRIMARY KEY,
            submission_id            TEXT             NOT NULL,
            subreddit                TEXT             NOT NULL,
            parent_fullname          TEXT             NOT NULL,
            depth                    INTEGER          NOT NULL,
            author                   TEXT             NULL,
            author_flair_text        TEXT             NULL,
            author_flair_emoji       TEXT             NULL,
            body_text                TEXT             NOT NULL,
            body_html                TEXT             NOT NULL,
            score                    BIGINT           NULL,
            is_score_hidden          BOOLEAN          NOT NULL,
            created_utc_ms           BIGINT           NULL,
            edited_utc_ms            BIGINT           NULL,
            distinguished            TEXT             NULL,
            is_stickied              BOOLEAN          NOT NULL,
            is_submitter             BOOLEAN          NOT NULL,
            is_collapsed             BOOLEAN          NOT NULL,
            removal_state            TEXT             NOT NULL,
            removed_by               TEXT             NULL,
            permalink                TEXT             NULL,
            first_seen_at_ms         BIGINT           NOT NULL,
            last_seen_at_ms          BIGINT           NOT NULL,
            first_seen_edited_at_ms  BIGINT           NULL,
            first_seen_removed_at_ms BIGINT           NULL,
            content_erased           BOOLEAN          NOT NULL
        );
        CREATE INDEX comments_by_submission ON comments (submission_id, id);
        CREATE INDEX comments_by_subreddit ON comments (lower(subreddit));
        CREATE INDEX comments_by_created ON comments (created_utc_ms, id);

        -- The stubs of the last visit: "load more comments" and "continue this thread", with what they show.
        CREATE TABLE comment_stubs (
            submission_id            TEXT             NOT NULL,
            parent_fullname          TEXT             NOT NULL,
            kind                     TEXT             NOT NULL,
            depth                    INTEGER          NOT NULL,
            shown_count              INTEGER          NULL,
            child_ids                TEXT             NOT NULL,
            link                     TEXT             NULL,
            PRIMARY KEY (submission_id, parent_fullname, kind)
        );

        -- One row per visit of a submission's page: the first scrape (revisit_age_ms null) and each revisit.
        CREATE TABLE submission_snapshots (
            submission_id            TEXT             NOT NULL,
            visited_at_ms            BIGINT           NOT NULL,
            revisit_age_ms           BIGINT           NULL,
            score                    BIGINT           NULL,
            upvote_ratio             DOUBLE PRECISION NULL,
            comment_count            INTEGER          NULL,
            is_locked                BOOLEAN          NOT NULL,
            is_archived              BOOLEAN          NOT NULL,
            link_flair_text          TEXT             NULL,
            edited_utc_ms            BIGINT           NULL,
            removal_state            TEXT             NOT NULL,
            PRIMARY KEY (submission_id, visited_at_ms)
        );

        -- A submission's visits still to come, one per configured age (Scraper:Revisits).
        CREATE TABLE revisits (
            submission_id            TEXT             NOT NULL,
            subreddit                TEXT             NOT NULL,
            age_ms                   BIGINT           NOT NULL,
            due_at_ms                BIGINT           NOT NULL,
            enqueued_at_ms           BIGINT           NULL,
            done_at_ms               BIGINT           NULL,
            PRIMARY KEY (submission_id, age_ms)
        );
        CREATE INDEX revisits_by_due ON revisits (done_at_ms, due_at_ms);
        """,

        // Version 6: each subreddit's newest discovery run, for the Record page.
        """
        CREATE INDEX discovery_runs_by_subreddit ON discovery_runs (lower(subreddit), started_at_ms);
        """,
    ];

    /// <summary>One row per applied migration. The database stamps the time (as text, for people to read), so
    /// no clock of the app's is involved.</summary>
    public const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version                  INTEGER          NOT NULL PRIMARY KEY,
            applied_at               TEXT             NOT NULL DEFAULT CURRENT_TIMESTAMP
        )
        """;

    public const string CurrentVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_version";

    public const string RecordVersion = "INSERT INTO schema_version (version) VALUES (@version)";

    // The bookkeeping columns an update leaves alone or computes itself.
    private static readonly HashSet<string> KeptOnUpdate = ["id", "first_scraped_at_ms", "scrape_count"];

    // What a later visit writes over (see CommentSql): a removal or deletion keeps the text seen before, unless
    // @erase and the author deleted it; every first-seen time keeps the first.
    private static readonly Dictionary<string, string> Merged = new(StringComparer.Ordinal)
    {
        ["title"] = Kept("title", erased: "excluded.title"),
        ["author"] = Kept("author", erased: "NULL"),
        ["selftext_text"] = Kept("selftext_text", erased: "''"),
        ["selftext_html"] = Kept("selftext_html", erased: "''"),
        ["removed_by"] = "COALESCE(excluded.removed_by, submissions.removed_by)",
        ["first_seen_edited_at_ms"] = "COALESCE(submissions.first_seen_edited_at_ms, excluded.first_seen_edited_at_ms)",
        ["first_seen_removed_at_ms"] = "COALESCE(submissions.first_seen_removed_at_ms, excluded.first_seen_removed_at_ms)",
        ["content_erased"] = "submissions.content_erased OR (@erase AND excluded.removal_state = 'Deleted')",
    };

    /// <summary>Inserts or rewrites one <see cref="SubmissionRow"/> (its properties are the parameters, with
    /// <c>@erase</c>) and returns its scrape count: 1 means the row is new. <c>first_scraped_at_ms</c> and
    /// <c>scrape_count</c> are bound as the new row's values (the scrape time and 1); on conflict the stored first
    /// time stays and the count goes up.</summary>
    public static readonly string Upsert =
        "INSERT INTO submissions (" + string.Join(", ", SubmissionRow.Columns.Select(c => c.Column)) + ")\n"
        + "VALUES (" + string.Join(", ", SubmissionRow.Columns.Select(c => "@" + c.Property)) + ")\n"
        + "ON CONFLICT (id) DO UPDATE SET\n    "
        + string.Join(",\n    ", SubmissionRow.Columns.Where(c => !KeptOnUpdate.Contains(c.Column))
            .Select(c => c.Column + " = " + (Merged.TryGetValue(c.Column, out var merged) ? merged : "excluded." + c.Column)))
        + ",\n    scrape_count = submissions.scrape_count + 1\n"
        + "RETURNING scrape_count";

    private static string Kept(string column, string erased) =>
        "CASE WHEN excluded.removal_state = 'None' THEN excluded." + column
        + " WHEN @erase AND excluded.removal_state = 'Deleted' THEN " + erased
        + " ELSE COALESCE(submissions." + column + ", excluded." + column + ") END";

    /// <summary>Claims those of <c>@id0</c>… that are not stored and not claimed since <c>@staleBeforeMs</c>
    /// by anyone but <c>@claimant</c>, and returns them. One statement, so each id's check and claim are one atomic step on the claim's
    /// primary key: of two concurrent callers, the second finds the first's fresh claim and gets nothing.
    /// ORDER BY: every claim takes its rows' locks in one order, so two overlapping claims on PostgreSQL wait
    /// for each other instead of deadlocking.</summary>
    public static string Claim(int count) => $"""
        WITH candidates(id) AS (VALUES {IdParameters(count, parenthesised: true)})
        INSERT INTO scrape_claims (id, subreddit, claimant, claimed_at_ms)
        SELECT c.id, @subreddit, @claimant, @nowMs
        FROM candidates c
        WHERE NOT EXISTS (SELECT 1 FROM submissions s WHERE s.id = c.id)
        ORDER BY c.id
        ON CONFLICT (id) DO UPDATE SET subreddit = excluded.subreddit, claimant = excluded.claimant,
            claimed_at_ms = excluded.claimed_at_ms
        WHERE scrape_claims.claimed_at_ms < @staleBeforeMs OR scrape_claims.claimant = @claimant
        RETURNING id
        """;

    /// <summary>Moves a subreddit's watermark forward or keeps it: one statement, so concurrent setters end at
    /// the newest time.</summary>
    public const string AdvanceWatermark = """
        INSERT INTO watermarks (subreddit, newest_created_utc_ms)
        VALUES (@subreddit, @newestMs)
        ON CONFLICT (subreddit) DO UPDATE SET newest_created_utc_ms = excluded.newest_created_utc_ms
        WHERE watermarks.newest_created_utc_ms <= excluded.newest_created_utc_ms
        """;

    public const string GetWatermark = "SELECT newest_created_utc_ms FROM watermarks WHERE subreddit = @subreddit";

    public const string GetWatermarks = "SELECT subreddit, newest_created_utc_ms FROM watermarks";

    public const string GetPostingRates =
        "SELECT subreddit, posts, hours, last_posts, last_hours, updated_at_ms, planned_at_ms FROM posting_rates";

    /// <summary>A read's new estimate; the planned time stays.</summary>
    public const string SetPostingRate = """
        INSERT INTO posting_rates (subreddit, posts, hours, last_posts, last_hours, updated_at_ms)
        VALUES (@subreddit, @posts, @hours, @lastPosts, @lastHours, @updatedMs)
        ON CONFLICT (subreddit) DO UPDATE SET posts = excluded.posts, hours = excluded.hours,
            last_posts = excluded.last_posts, last_hours = excluded.last_hours, updated_at_ms = excluded.updated_at_ms
        """;

    /// <summary>A read planned: its time, the rate left as it is (none before the first read).</summary>
    public const string MarkPlanned = """
        INSERT INTO posting_rates (subreddit, planned_at_ms) VALUES (@subreddit, @plannedMs)
        ON CONFLICT (subreddit) DO UPDATE SET planned_at_ms = excluded.planned_at_ms
        """;

    /// <summary>Adds a discovery page's counts to its run's row (made by the run's first page).</summary>
    public const string RecordDiscovery = """
        INSERT INTO discovery_runs (run_id, subreddit, started_at_ms, discovered, enqueued, already_known)
        VALUES (@run, @subreddit, @startedMs, @discovered, @enqueued, @alreadyKnown)
        ON CONFLICT (run_id) DO UPDATE SET discovered = discovery_runs.discovered + excluded.discovered,
            enqueued = discovery_runs.enqueued + excluded.enqueued,
            already_known = discovery_runs.already_known + excluded.already_known
        """;

    /// <summary>Marks <c>@id0</c>…'s claims as enqueued by <c>@run</c>, with no failure (yet).</summary>
    public static string TagClaims(int count) =>
        "UPDATE scrape_claims SET run_id = @run, failure = NULL WHERE id IN (" + IdParameters(count, parenthesised: false) + ")";

    public const string RecordFailure = "UPDATE scrape_claims SET failure = @reason WHERE id = @id";

    /// <summary>Runs started since <c>@sinceMs</c>, with what became of what each enqueued: stored, or given up
    /// on (and not stored since).</summary>
    public const string RunLedger = """
        SELECT r.run_id, r.subreddit, r.started_at_ms, r.discovered, r.enqueued, r.already_known,
            (SELECT COUNT(*) FROM scrape_claims c JOIN submissions s ON s.id = c.id WHERE c.run_id = r.run_id),
            (SELECT COUNT(*) FROM scrape_claims c WHERE c.run_id = r.run_id AND c.failure IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM submissions s WHERE s.id = c.id))
        FROM discovery_runs r
        WHERE r.started_at_ms >= @sinceMs
        ORDER BY r.started_at_ms, r.run_id
        """;

    public const string NewestCreated = "SELECT MAX(created_utc_ms) FROM submissions WHERE lower(subreddit) = @subreddit";

    public const string CountAll = "SELECT COUNT(*) FROM submissions";

    // lower(subreddit) as the index has it, so both planners use the index; @subreddit is bound lower-case.
    public const string CountInSubreddit = "SELECT COUNT(*) FROM submissions WHERE lower(subreddit) = @subreddit";

    /// <summary>The export query: every column, named as <see cref="SubmissionRow"/>'s property, so Dapper reads
    /// the rows into it. NULLS FIRST is spelt out: SQLite sorts nulls first, PostgreSQL last. Ids are lower-case
    /// base36, which a PostgreSQL database's collation orders as SQLite's binary one does.</summary>
    public static string Export(bool bySubreddit, bool bySince)
    {
        var sql = new StringBuilder("SELECT ")
            .AppendJoin(", ", SubmissionRow.Columns.Select(c => c.Column + " AS " + c.Property))
            .Append(" FROM submissions");
        var conditions = new List<string>(2);
        if (bySubreddit)
        {
            conditions.Add("lower(subreddit) = @subreddit");
        }

        if (bySince)
        {
            conditions.Add("created_utc_ms >= @sinceMs");
        }

        if (conditions.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", conditions);
        }

        return sql.Append(" ORDER BY created_utc_ms NULLS FIRST, id").ToString();
    }

    /// <summary><c>@id0</c>… bound to <paramref name="ids"/>, for <see cref="Claim"/> and <see cref="TagClaims"/>.</summary>
    public static DynamicParameters BindIds(IReadOnlyList<string> ids)
    {
        var parameters = new DynamicParameters();
        for (var i = 0; i < ids.Count; i++)
        {
            parameters.Add(IdParameter(i), ids[i], DbType.String);
        }

        return parameters;
    }

    private static string IdParameter(int index) => "id" + index.ToString(CultureInfo.InvariantCulture);

    private static string IdParameters(int count, bool parenthesised) =>
        string.Join(", ", Enumerable.Range(0, count).Select(i => parenthesised ? "(@" + IdParameter(i) + ")" : "@" + IdParameter(i)));
}
