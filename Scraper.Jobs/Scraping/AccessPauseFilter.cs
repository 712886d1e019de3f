using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.Options;
using Scraper.Jobs.Fetching;
using Scraper.Jobs.OldReddit;

namespace Scraper.Jobs.Scraping;

/// <summary>A job stopped by lost access (<see cref="AccessPausedException"/>) has not failed: it is scheduled again
/// a probe interval later, with its retry count untouched (this filter runs before <c>AutomaticRetry</c>, which then
/// sees no failure), so a pause of any length spends no retry and marks nothing failed. While the pause lasts, the
/// job's next run stops again before sending anything.</summary>
public sealed class AccessPauseFilter(IOptions<RedditOptions> options) : JobFilterAttribute, IElectStateFilter
{
    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is FailedState { Exception: AccessPausedException paused })
        {
            // Spread over half an interval, so the jobs do not all wake at the same instant once access is back.
            var interval = options.Value.AccessProbeInterval;
            var delay = interval + (interval * (Random.Shared.NextDouble() / 2));
            context.CandidateState = new ScheduledState(delay)
            {
                Reason = "Waiting for reddit access: " + PageKindNames.Of(paused.Loss.Kind),
            };
        }
    }
}
