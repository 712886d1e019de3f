using System.Globalization;
using Hangfire.Dashboard;
using Hangfire.Dashboard.Pages;
using Scraper.Jobs.Storage;

namespace Scraper.Web.Hosting.Dashboard;

/// <summary>The record as a page of the dashboard: the totals, then a row per subreddit. Every figure is in a cell
/// with a <c>data-field</c> (and each row has its <c>data-subreddit</c>), so a test reads the page as a person
/// does, from the rendered table.</summary>
internal sealed class RecordPage(DateTimeOffset now, RecordSummary? summary, string? unreadable) : RazorPage
{
    public const string Title = "Record";

    public override void Execute()
    {
        Layout = new LayoutPage(Title);
        WriteLiteral("<div class=\"row\"><div class=\"col-md-12\"><h1 class=\"page-header\">Record</h1>");
        if (summary is null)
        {
            WriteLiteral("<div class=\"alert alert-danger\" data-field=\"unreadable\">The submission store could not be read (");
            Write(unreadable);
            WriteLiteral("). The app's log has the reason; <code>/health/ready</code> says whether the store answers.</div></div></div>");
            return;
        }

        WriteLiteral("<p>What the store holds, read at ");
        Write(Time(now));
        WriteLiteral(" UTC. The freshness lag is the age of the newest stored submission; a subreddit that posts rarely is often hours behind and still complete.</p>");
        WriteLiteral("<table class=\"table table-condensed\" data-table=\"totals\"><tbody>");
        Total("Subreddits", "subreddits", Count(summary.Subreddits.Count));
        Total("Submissions stored", "submissions", Count(summary.Submissions));
        Total("Comments stored", "comments", Count(summary.Comments));
        Total("Newest stored submission", "newest", summary.Newest is { } newest ? Time(newest) + " (" + Ago(now - newest) + " ago)" : "none yet");
        Total("Revisits pending (due now)", "revisits", Count(summary.RevisitsPending) + " (" + Count(summary.RevisitsDue) + ")");
        WriteLiteral("</tbody></table>");

        WriteLiteral("<style>table[data-table=subreddits] td { white-space: nowrap; }</style>");
        WriteLiteral("<div class=\"table-responsive\"><table class=\"table table-striped table-hover\" data-table=\"subreddits\"><thead><tr>");
        foreach (var heading in new[]
        {
            "Subreddit", "Submissions", "Comments", "Freshness lag", "Last stored", "Last read planned",
            "Last run", "Discovered", "Enqueued", "Known", "Stored", "Given up", "Pending", "Revisits (due)",
        })
        {
            WriteLiteral("<th>");
            Write(heading);
            WriteLiteral("</th>");
        }

        WriteLiteral("</tr></thead><tbody>");
        foreach (var record in summary.Subreddits)
        {
            WriteLiteral("<tr data-subreddit=\"");
            Write(record.Subreddit);
            WriteLiteral("\">");
            Cell("subreddit", "/r/" + record.Subreddit);
            Cell("submissions", Count(record.Submissions));
            Cell("comments", Count(record.Comments));
            Cell("lag", record.FreshnessLag(now) is { } lag ? Ago(lag) : "—", record.Newest);
            Cell("stored", record.LastStored is { } s ? Short(s) : "—", record.LastStored);
            Cell("planned", record.LastReadPlanned is { } p ? Short(p) : "—", record.LastReadPlanned);
            var run = record.LastRun;
            Cell("run", run is null ? "—" : Short(run.Started), run?.Started);
            Cell("discovered", run is null ? "—" : Count(run.Discovered));
            Cell("enqueued", run is null ? "—" : Count(run.Enqueued));
            Cell("known", run is null ? "—" : Count(run.AlreadyKnown));
            Cell("scraped", run is null ? "—" : Count(run.Scraped));
            Cell("failed", run is null ? "—" : Count(run.Failed));
            Cell("pending", run is null ? "—" : Count(run.Pending));
            Cell("revisits", Count(record.RevisitsPending) + " (" + Count(record.RevisitsDue) + ")");
            WriteLiteral("</tr>");
        }

        WriteLiteral("</tbody></table></div></div></div>");
    }

    /// <summary>A duration as people read it: 42 s, 17 min, 5 h 03 min, 3 d 4 h.</summary>
    internal static string Ago(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalMinutes < 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalSeconds} s")
            : span.TotalHours < 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes} min")
            : span.TotalDays < 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h {span.Minutes:00} min")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays} d {span.Hours} h");
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    // In the table, where width is short: the full time is the cell's title.
    private static string Short(DateTimeOffset at) => at.UtcDateTime.ToString("MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    private void Total(string label, string field, string value)
    {
        WriteLiteral("<tr><th>");
        Write(label);
        WriteLiteral("</th><td data-field=\"");
        Write(field);
        WriteLiteral("\">");
        Write(value);
        WriteLiteral("</td></tr>");
    }

    private void Cell(string field, string value, DateTimeOffset? at = null)
    {
        WriteLiteral("<td data-field=\"");
        Write(field);
        if (at is { } time)
        {
            WriteLiteral("\" title=\"");
            Write(Time(time) + " UTC");
        }

        WriteLiteral("\">");
        Write(value);
        WriteLiteral("</td>");
    }
}
