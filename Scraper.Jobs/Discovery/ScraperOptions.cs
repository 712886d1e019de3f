using Scraper.Jobs.Diagnostics;
using System.ComponentModel.DataAnnotations;
using Cronos;
using Microsoft.Extensions.Options;
using Scraper.Jobs.OldReddit;
using Scraper.Jobs.Scraping;

namespace Scraper.Jobs.Discovery;

/// <summary>What to scrape, how often, and what this process does (its role, so one image serves every service).
/// Section <c>Scraper</c>, bound by this class alone; <c>Scraper__Subreddits=python,rstats</c> in the environment
/// works too.</summary>
public sealed class ScraperOptions : IValidatableObject
{
    public const string SectionName = "Scraper";

    /// <summary>The subreddits to keep a record of (names as reddit spells them, without r/). Default: none.</summary>
    public List<string> Subreddits { get; set; } = [];

    /// <summary>A file of more subreddits to follow, added to <see cref="Subreddits"/>: one name per line (or several
    /// separated by commas), blank lines and lines starting with <c>#</c> left out. Default: none.</summary>
    public string SubredditsFile { get; set; } = string.Empty;

    /// <summary>When the discovery plan is looked at and the reads that are due are enqueued
    /// (<see cref="DiscoveryPlanJob"/>): a Hangfire cron expression, 5 or 6 fields. Default every minute; each
    /// subreddit is read at the interval its posting rate and the request budget give (<see cref="DiscoveryPlanner"/>).</summary>
    [Required(ErrorMessage = SettingMessages.Missing)]
    public string Schedule { get; set; } = "* * * * *";

    /// <summary>The longest a subreddit goes unread, however quiet (default 1 hour, 5 minutes..1 day). A budget too
    /// small for the subreddits stretches it, and says so.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "1.00:00:00")]
    public TimeSpan LongestInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The longest path of a combined listing, <c>/r/a+b+c/new/</c>, in characters (default 512, 32..4000):
    /// how many quiet subreddits one read may cover.</summary>
    [Range(32, 4000)]
    public int MaxGroupPath { get; set; } = 512;

    /// <summary>Listing pages (100 submissions each) one discovery run reads at most (default 10, 1..10: reddit
    /// lists no more than ~1000). A run that stops here continues from its cursor in a follow-up job.</summary>
    [Range(1, 10)]
    public int MaxPagesPerRun { get; set; } = 10;

    /// <summary>How far back the first run of a subreddit goes (default 1 day, 1 minute..365 days).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan Backfill { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How far below the watermark each run looks again, for submissions that appear in the listing
    /// late (default 10 minutes, 0..1 day).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan Overlap { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often discovery asks again about a subreddit in trouble (not found, private, banned, quarantined,
    /// behind a gate the account cannot pass, markup changed) instead of at every scheduled run (default 1 hour,
    /// 1 minute..7 days).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan TroubleRecheck { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The ages at which each stored submission is visited again (its page fetched once more: a snapshot of
    /// its score, comments and state, its comments updated), e.g. <c>1h, 24h, 7d</c> (units s, m, h, d, w). Revisits
    /// take only what the request budget leaves after new submissions and discovery. Default <c>1h, 24h, 7d</c>;
    /// empty turns revisits off.</summary>
    public string Revisits { get; set; } = "1h, 24h, 7d";

    /// <summary>The revisit ages of <see cref="Revisits"/>, ascending.</summary>
    public IReadOnlyList<TimeSpan> RevisitAges => Durations.ParseList(Revisits, out _);

    /// <summary>Whether the record keeps the text of a post or comment its author deleted (default true: the text
    /// seen before the deletion stays, marked deleted). False erases it from the store and the exports at the visit
    /// that sees the deletion. Text removed by moderators or reddit is kept either way.</summary>
    public bool KeepDeletedContent { get; set; } = true;

    /// <summary>How many "continue this thread" pages one visit of a submission follows (default 0, 0..50): the
    /// replies deeper than a page renders (reddit nests 10 levels), each page one request from the budget, on the
    /// revisit queue after new submissions. "load more comments" is reddit's script asking its API, not a page, and
    /// is not followed; its stub is kept with the counts it shows.</summary>
    [Range(0, 50)]
    public int ContinueThreads { get; set; }

    /// <summary><c>all</c> (default: dashboard, recurring-job registration and worker), <c>web</c> (dashboard and
    /// registration) or <c>worker</c> (runs jobs only).</summary>
    [RegularExpression("^(all|web|worker)$", ErrorMessage = "is not a role (expected all, web or worker)")]
    public string Role { get; set; } = "all";

    /// <summary>Jobs run at once by this process (default 10, 1..100). Requests still go out at
    /// Reddit:RequestsPerMinute; more workers only keep more requests waiting their turn.</summary>
    [Range(1, 100)]
    public int Workers { get; set; } = 10;

    /// <summary>The Hangfire queues this process takes jobs from, in priority order (default <c>discovery</c>,
    /// <c>scrape</c>, <c>revisit</c>, <c>default</c>): e.g. a worker given only <c>scrape</c> never runs discovery.</summary>
    public List<string> Queues { get; set; } = [];

    /// <summary>The queues with the default applied (configuration binding appends to a list, so the default
    /// lives here rather than in the initialiser).</summary>
    public string[] QueuesOrDefault => Queues.Count > 0 ? [.. Queues] : [DiscoveryJob.Queue, ScrapeJob.Queue, RevisitJob.Queue, "default"];

    /// <summary>With Redis: how long a job a worker has taken stays invisible to other workers (default 30 min,
    /// 10 s..1 day). Far above the longest job (a scrape's retries and Retry-After waits take minutes), so a
    /// running job is never handed to a second worker; the job of a worker that died comes back after it.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a stopping process (SIGTERM, Ctrl+C) takes at most (default 20 s, 2 s..10 min). It takes no
    /// new jobs; jobs in flight get the first half to finish, then their cancellation token fires and they go back
    /// to the queue for another process. Give the orchestrator's grace period a few seconds more (Kubernetes
    /// waits 30 s by default, Docker 10 s: compose's <c>stop_grace_period</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:02", "00:10:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(20);

    public bool RunsJobs => Role is "all" or "worker";

    public bool RegistersSchedule => Role is "all" or "web";

    /// <summary>Adds the names of <see cref="SubredditsFile"/> (run before validation; a file that does not exist is
    /// left for <see cref="Validate"/> to name).</summary>
    public void ResolveSubredditsFile()
    {
        if (SubredditsFile.Length == 0 || !File.Exists(SubredditsFile))
        {
            return;
        }

        var names = File.ReadLines(SubredditsFile)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .SelectMany(line => line.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Subreddits = [.. Subreddits, .. names];
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SubredditsFile.Length > 0 && !File.Exists(SubredditsFile))
        {
            yield return new ValidationResult(
                "Scraper:SubredditsFile names a file that does not exist: " + SubredditsFile + " (expected one subreddit per line).",
                [nameof(SubredditsFile)]);
        }

        foreach (var name in Subreddits.Where(n => !RedditUrls.IsValidSubredditName(n)))
        {
            yield return new ValidationResult(
                "Scraper:Subreddits: \"" + name + "\" is not a subreddit name (letters, digits, underscores; 2-21 characters).",
                [nameof(Subreddits)]);
        }

        var duplicates = Subreddits.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key);
        foreach (var name in duplicates)
        {
            yield return new ValidationResult("Scraper:Subreddits lists \"" + name + "\" twice.", [nameof(Subreddits)]);
        }

        Durations.ParseList(Revisits, out var bad);
        if (bad is not null)
        {
            yield return new ValidationResult(
                "Scraper:Revisits: \"" + bad + "\" is not an age (expected a list such as \"1h, 24h, 7d\": a whole number and s, m, h, d or w; empty for none).",
                [nameof(Revisits)]);
        }

        if (!string.IsNullOrWhiteSpace(Schedule) && ScheduleProblem(Schedule) is { } problem)
        {
            yield return new ValidationResult(
                "Scraper:Schedule: \"" + Schedule + "\" is not a cron expression (" + problem
                + "; expected 5 fields, or 6 with seconds first, e.g. \"*/5 * * * *\").",
                [nameof(Schedule)]);
        }
    }

    /// <summary>What Hangfire's parser (Cronos: 5 fields, or 6 with seconds) finds wrong with a schedule; null when
    /// it parses.</summary>
    private static string? ScheduleProblem(string schedule)
    {
        var fields = schedule.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is not (5 or 6))
        {
            return fields + (fields == 1 ? " field" : " fields");
        }

        try
        {
            CronExpression.Parse(schedule, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            return null;
        }
        catch (CronFormatException e)
        {
            // "The given cron expression has an invalid format. Minutes: …": the part after the first sentence.
            var detail = e.Message.IndexOf(". ", StringComparison.Ordinal) is var dot and > 0 ? e.Message[(dot + 2)..] : e.Message;
            return detail.TrimEnd('.');
        }
    }
}

/// <summary>Checks <see cref="ScraperOptions"/>' attributes and <see cref="ScraperOptions.Validate"/>; generated.</summary>
[OptionsValidator]
public sealed partial class ScraperOptionsValidator : IValidateOptions<ScraperOptions>;
