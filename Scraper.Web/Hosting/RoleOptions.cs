using System.ComponentModel.DataAnnotations;
using Scraper.Jobs.Discovery;
using Scraper.Jobs.Scraping;

namespace Scraper.Web.Hosting;

/// <summary>What this process does, so one image serves every service. Section <c>Scraper</c>.</summary>
internal sealed class RoleOptions
{
    public const string SectionName = "Scraper";

    /// <summary><c>all</c> (default: dashboard, recurring-job registration and worker), <c>web</c> (dashboard and
    /// registration) or <c>worker</c> (runs jobs only).</summary>
    [RegularExpression("^(all|web|worker)$", ErrorMessage = "Scraper:Role must be all, web or worker.")]
    public string Role { get; set; } = "all";

    /// <summary>Jobs run at once by this process (default 10, 1..100). Requests still go out at
    /// Reddit:RequestsPerMinute; more workers only keep more requests waiting their turn.</summary>
    [Range(1, 100)]
    public int Workers { get; set; } = 10;

    /// <summary>The Hangfire queues this process takes jobs from, in priority order (default <c>discovery</c>,
    /// <c>scrape</c>, <c>default</c>): e.g. a worker given only <c>scrape</c> never runs discovery.</summary>
    public List<string> Queues { get; set; } = [];

    /// <summary>The queues with the default applied (configuration binding appends to a list, so the default
    /// lives here rather than in the initialiser).</summary>
    public string[] QueuesOrDefault => Queues.Count > 0 ? [.. Queues] : [DiscoveryJob.Queue, ScrapeJob.Queue, "default"];

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
}
