using System.ComponentModel.DataAnnotations;

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

    public bool RunsJobs => Role is "all" or "worker";

    public bool RegistersSchedule => Role is "all" or "web";
}
