using System.ComponentModel.DataAnnotations;
using Scraper.Jobs.OldReddit;

namespace Scraper.Jobs.Discovery;

/// <summary>What to scrape and how often. Section <c>Scraper</c>; <c>Scraper__Subreddits=python,rstats</c> in the
/// environment works too.</summary>
public sealed class ScraperOptions : IValidatableObject
{
    public const string SectionName = "Scraper";

    /// <summary>The subreddits to keep a record of (names as reddit spells them, without r/). Default: none.</summary>
    public List<string> Subreddits { get; set; } = [];

    /// <summary>When discovery runs: a Hangfire cron expression, 5 or 6 fields. Default every 5 minutes.</summary>
    [Required]
    public string Schedule { get; set; } = "*/5 * * * *";

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

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
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

        var fields = Schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is not (5 or 6))
        {
            yield return new ValidationResult("Scraper:Schedule must be a cron expression of 5 or 6 fields.", [nameof(Schedule)]);
        }
    }
}
