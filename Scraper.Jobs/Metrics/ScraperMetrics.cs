using System.Collections.Frozen;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Scraper.Jobs.Diagnostics;
using Scraper.Jobs.OldReddit;
using Scraper.Jobs.Storage;

namespace Scraper.Jobs.Metrics;

/// <summary>Every instrument of Scraper, on one meter: names, units, tag keys and bucket boundaries are declared
/// here and nowhere else (docs/metrics.md lists them). The jobs call the methods, which name what happened; the
/// OpenTelemetry SDK aggregates, and the reporters (InfluxDB, Prometheus) read the aggregates.</summary>
public sealed class ScraperMetrics
{
    public const string MeterName = "Scraper";

    /// <summary>The subreddit tag of a combined listing's measurements (<c>/r/a+b+c/new/</c>).</summary>
    public const string Group = "+group";

    /// <summary>Instrument names: also the InfluxDB measurement names.</summary>
    public static class Names
    {
        public const string SubmissionFetchTime = "submission_fetch_time";
        public const string ListingFetchTime = "listing_fetch_time";
        public const string ParseTime = "parse_time";
        public const string SubmissionsScraped = "submissions_scraped";
        public const string SubmissionsDiscovered = "submissions_discovered";
        public const string DuplicatesSkipped = "duplicates_skipped";
        public const string ListingPagesFetched = "listing_pages_fetched";
        public const string HttpResponses = "http_responses";
        public const string HttpRetries = "http_retries";
        public const string RateLimitWaitSeconds = "rate_limit_wait_seconds";
        public const string RequestGateWait = "request_gate_wait";
        public const string ScrapeFailures = "scrape_failures";
        public const string TitleLength = "submission_title_length";
        public const string SelftextLength = "submission_selftext_length";
        public const string Score = "submission_score";
        public const string Comments = "submission_comments";
        public const string UpvoteRatio = "submission_upvote_ratio";
        public const string AgeAtDiscovery = "submission_age_at_discovery";
        public const string FreshnessLag = "subreddit_freshness_lag";
        public const string HangfirePrefix = "hangfire_";
        public const string HangfireEnqueued = "hangfire_enqueued";
        public const string HangfireJobExecutionTime = "hangfire_job_execution_time";
        public const string HangfireJobWaitTime = "hangfire_job_wait_time";
        public const string SessionState = "reddit_session_state";
        public const string AccessLost = "reddit_access_lost";
        public const string SubredditTrouble = "subreddit_trouble";
        public const string SubredditTroubleRecheck = "subreddit_trouble_recheck";
        public const string RedditRequests = "reddit_requests";
        public const string SubmissionLag = "submission_lag";
        public const string GapsSuspected = "discovery_gaps_suspected";
        public const string PlanBudgetUsed = "plan_budget_used";
        public const string PlanOverloaded = "plan_overloaded";
        public const string PostingRate = "subreddit_posting_rate";
        public const string ReadInterval = "subreddit_read_interval";
        public const string GroupWidth = "plan_group_width";
        public const string ScoreAtAge = "submission_score_at_age";
        public const string CommentsAtAge = "submission_comments_at_age";
        public const string RevisitsDone = "revisits_done";
        public const string RevisitsLate = "revisits_late";
        public const string RevisitsEnqueued = "revisits_enqueued";
    }

    /// <summary>Tag keys.</summary>
    public static class Tags
    {
        public const string Subreddit = "subreddit";
        public const string Page = "page";
        public const string Status = "status";
        public const string Reason = "reason";
        public const string Queue = "queue";
        public const string Job = "job";
        public const string Outcome = "outcome";
        public const string State = "state";
        public const string Run = "run";
        public const string Started = "started";
        public const string Purpose = "purpose";
        public const string Age = "age";
    }

    /// <summary>Values of the <see cref="Tags.Purpose"/> tag: what a request to reddit was for.</summary>
    public static class Purposes
    {
        public const string Discovery = "discovery";
        public const string Scrape = "scrape";
        public const string Probe = "probe";
        public const string Revisit = "revisit";
        public const string Thread = "thread";
    }

    /// <summary>The ledger of the last day's discovery runs (<see cref="RunLedger"/>), sampled: one gauge per figure,
    /// tagged <see cref="Tags.Subreddit"/>, <see cref="Tags.Run"/> (the run's Hangfire id) and
    /// <see cref="Tags.Started"/> (its start, ISO 8601). InfluxDB gets them as one point per run,
    /// <see cref="Measurement"/>, timestamped at its start.</summary>
    public static class Ledger
    {
        public const string Measurement = "discovery_run";

        /// <summary>Each figure: its field name (the gauge is <c>discovery_run_{field}</c>), its value, its meaning.</summary>
        public static readonly IReadOnlyList<(string Field, Func<RunLedger, long> Read, string Description)> Figures =
        [
            ("discovered", r => r.Discovered, "Submissions a discovery run found above its floor."),
            ("enqueued", r => r.Enqueued, "Submissions a discovery run enqueued (new to the store and the queue)."),
            ("already_known", r => r.AlreadyKnown, "Submissions a discovery run found already stored or enqueued."),
            ("scraped", r => r.Scraped, "Submissions a discovery run enqueued that are stored."),
            ("failed", r => r.Failed, "Submissions a discovery run enqueued that were given up on."),
            ("pending", r => r.Pending, "Submissions a discovery run enqueued that are still waiting, running or retried."),
        ];

        public static string GaugeName(string field) => Measurement + "_" + field;
    }

    /// <summary>Values of <see cref="Names.SessionState"/>, with the name each carries in its <see cref="Tags.State"/>
    /// tag: 0 is the only healthy one with a session configured, 1 without.</summary>
    public static class SessionStates
    {
        public static readonly IReadOnlyList<string> All = ["logged_in", "anonymous", "login_wall", "session_expired", "network_security_block"];

        public static int Of(PageKind? loss, bool sessionConfigured) => loss switch
        {
            null => sessionConfigured ? 0 : 1,
            PageKind.LoginWall => 2,
            PageKind.SessionExpired => 3,
            _ => 4,
        };
    }

    /// <summary>Values of the <see cref="Tags.Page"/> tag: which kind of page was asked for.</summary>
    public static class Pages
    {
        public const string Listing = "listing";
        public const string Submission = "submission";
    }

    private const string Seconds = "s";
    private const string Characters = "{char}";

    private readonly Histogram<double> _submissionFetchTime;
    private readonly Histogram<double> _listingFetchTime;
    private readonly Histogram<double> _parseTime;
    private readonly Counter<long> _scraped;
    private readonly Counter<long> _discovered;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _listingPages;
    private readonly Counter<long> _httpResponses;
    private readonly Counter<long> _httpRetries;
    private readonly Counter<double> _rateLimitWait;
    private readonly Histogram<double> _gateWait;
    private readonly Counter<long> _failures;
    private readonly Histogram<int> _titleLength;
    private readonly Histogram<int> _selftextLength;
    private readonly Histogram<long> _score;
    private readonly Histogram<int> _comments;
    private readonly Histogram<double> _upvoteRatio;
    private readonly Histogram<double> _ageAtDiscovery;
    private readonly Histogram<double> _jobExecution;
    private readonly Histogram<double> _jobWait;
    private readonly Counter<long> _accessLost;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _lag;
    private long _gaps;
    private readonly Histogram<int> _groupWidth;
    private readonly Histogram<long> _scoreAtAge;
    private readonly Histogram<int> _commentsAtAge;
    private readonly Counter<long> _revisitsDone;
    private long _revisitsLate;
    private readonly Counter<long> _revisitsEnqueued;
    private volatile PlanSample? _plan;
    private volatile int _sessionState = -1;

    // Written by the sampler, read by the observable gauges at each collection.
    private volatile IReadOnlyDictionary<string, double> _freshnessLag = FrozenDictionary<string, double>.Empty;
    private volatile HangfireSample? _hangfire;
    private volatile IReadOnlyList<(string Subreddit, string Outcome, double Seconds, double Recheck)> _troubles = [];
    private volatile IReadOnlyList<RunLedger> _ledger = [];

    public ScraperMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _submissionFetchTime = meter.CreateHistogram(Names.SubmissionFetchTime, Seconds,
            "reddit's time for a submission's page: from the final attempt leaving the request gate to its body read.", advice: Buckets.Time);
        _listingFetchTime = meter.CreateHistogram(Names.ListingFetchTime, Seconds,
            "reddit's time for a page of /r/{sub}/new/: from the final attempt leaving the request gate to its body read.", advice: Buckets.Time);
        _parseTime = meter.CreateHistogram(Names.ParseTime, Seconds, "Time to parse a page's HTML.", advice: Buckets.Time);
        _scraped = meter.CreateCounter<long>(Names.SubmissionsScraped, null, "Submissions scraped and stored.");
        _discovered = meter.CreateCounter<long>(Names.SubmissionsDiscovered, null,
            "Submissions a discovery run found above its floor: enqueued or already known.");
        _duplicates = meter.CreateCounter<long>(Names.DuplicatesSkipped, null,
            "Submissions discovery found that were already stored or enqueued, so not enqueued again.");
        _listingPages = meter.CreateCounter<long>(Names.ListingPagesFetched, null, "Pages of /r/{sub}/new/ fetched.");
        _httpResponses = meter.CreateCounter<long>(Names.HttpResponses, null, "HTTP responses from reddit, every attempt.");
        _httpRetries = meter.CreateCounter<long>(Names.HttpRetries, null, "Requests to reddit retried, by what caused the retry.");
        _rateLimitWait = meter.CreateCounter<double>(Names.RateLimitWaitSeconds, Seconds,
            "Time requests waited for their turn at the rate limit (Retry-After cool-downs included).");
        _gateWait = meter.CreateHistogram(Names.RequestGateWait, Seconds,
            "Time each attempt waited at the request gate for the request budget: spacing, cool-downs, the request on the wire.",
            advice: Buckets.Time);
        _failures = meter.CreateCounter<long>(Names.ScrapeFailures, null, "Scrapes given up on, by reason.");
        _titleLength = meter.CreateHistogram<int>(Names.TitleLength, Characters, "Length of scraped submissions' titles.",
            advice: Buckets.TitleLength);
        _selftextLength = meter.CreateHistogram<int>(Names.SelftextLength, Characters,
            "Length of scraped submissions' self text (0 for link posts).", advice: Buckets.Counts);
        _score = meter.CreateHistogram<long>(Names.Score, null, "Score of submissions when scraped.", advice: Buckets.LongCounts);
        _comments = meter.CreateHistogram<int>(Names.Comments, null, "Comment count of submissions when scraped.", advice: Buckets.Counts);
        _upvoteRatio = meter.CreateHistogram<double>(Names.UpvoteRatio, null, "Upvote ratio of submissions when scraped.",
            advice: Buckets.Ratio);
        _ageAtDiscovery = meter.CreateHistogram<double>(Names.AgeAtDiscovery, Seconds,
            "Time from a submission's creation to its discovery.", advice: Buckets.Age);
        _jobExecution = meter.CreateHistogram<double>(Names.HangfireJobExecutionTime, Seconds,
            "Time a Hangfire job ran, by job type and outcome.", advice: Buckets.Time);
        _jobWait = meter.CreateHistogram<double>(Names.HangfireJobWaitTime, Seconds,
            "Time a Hangfire job waited in its queue, from enqueued to started.", advice: Buckets.Time);
        _requests = meter.CreateCounter<long>(Names.RedditRequests, null,
            "Requests sent to reddit, every attempt, by purpose (discovery, scrape, revisit, thread, probe): what the budget is spent on.");
        _scoreAtAge = meter.CreateHistogram<long>(Names.ScoreAtAge, null,
            "Score of submissions when revisited, by the revisit's age (Scraper:Revisits): what a post reaches, not its score at birth.",
            advice: Buckets.LongCounts);
        _commentsAtAge = meter.CreateHistogram<int>(Names.CommentsAtAge, null,
            "Comment count of submissions when revisited, by the revisit's age.", advice: Buckets.Counts);
        _revisitsDone = meter.CreateCounter<long>(Names.RevisitsDone, null, "Revisits of stored submissions done, by age.");
        // Observed, so that it reports 0 (not nothing) until a revisit is late.
        meter.CreateObservableCounter(Names.RevisitsLate, () => Interlocked.Read(ref _revisitsLate), null,
            "Revisits done later than their age allows (a tenth of it, at least 5 minutes, after it fell due): the budget leaves too little for them.");
        _revisitsEnqueued = meter.CreateCounter<long>(Names.RevisitsEnqueued, null,
            "Revisits the plan enqueued from what the budget left after new submissions and discovery.");
        _lag = meter.CreateHistogram<double>(Names.SubmissionLag, Seconds,
            "Time from a submission's creation to its first storing.", advice: Buckets.Age);
        // Observed rather than added to, so that it reports 0 (not nothing) until a gap is suspected.
        meter.CreateObservableCounter(Names.GapsSuspected, () => Interlocked.Read(ref _gaps), null,
            "Discovery reads that reached neither a known post nor their floor before the listing ended or the page limit: posts may have been missed, so a deeper read follows.");
        _groupWidth = meter.CreateHistogram<int>(Names.GroupWidth, "{subreddit}",
            "Subreddits in each planned read (1: alone; more: a combined listing).", advice: Buckets.Counts);
        meter.CreateObservableGauge(Names.PlanBudgetUsed, () => _plan is { } p ? [new Measurement<double>(p.BudgetUsed)] : Array.Empty<Measurement<double>>(), null,
            "The share of Reddit:RequestsPerMinute the discovery plan expects scraping and discovery to use (over 1: the budget is short).");
        meter.CreateObservableGauge(Names.PlanOverloaded, () => _plan is { } p ? [new Measurement<int>(p.Overloaded ? 1 : 0)] : Array.Empty<Measurement<int>>(), null,
            "1 while the request budget cannot cover the configured subreddits at the reach's safe margin (lag grows), else 0.");
        meter.CreateObservableGauge(Names.PostingRate, () => ObservePlan(p => p.PostsPerHour), "{post}/h",
            "Each subreddit's estimated posting rate, as discovery has seen it.");
        meter.CreateObservableGauge(Names.ReadInterval, () => ObservePlan(p => p.IntervalSeconds), Seconds,
            "How often the plan reads each subreddit (alone or in its group).");

        _accessLost = meter.CreateCounter<long>(Names.AccessLost, null,
            "Times scraping paused because reddit refused the account or the address, by outcome.");
        meter.CreateObservableGauge(Names.SessionState, ObserveSessionState, null,
            "reddit access as this process last saw it: 0 logged in, 1 anonymous, 2 login wall, 3 session expired, 4 network block.");
        meter.CreateObservableGauge(Names.FreshnessLag, ObserveFreshnessLag, Seconds,
            "Now minus the creation time of the newest submission stored, per subreddit.");
        meter.CreateObservableGauge(Names.SubredditTrouble, () => ObserveTroubles(t => t.Seconds), Seconds,
            "How long each subreddit in trouble (not found, private, banned, quarantined, gated, markup changed) has been in it, by outcome.");
        meter.CreateObservableGauge(Names.SubredditTroubleRecheck, () => ObserveTroubles(t => t.Recheck), Seconds,
            "When discovery asks again about each subreddit in trouble, from now (0: at its next scheduled run).");
        meter.CreateObservableGauge(Names.HangfireEnqueued, ObserveQueues, null, "Jobs waiting in each Hangfire queue.");
        foreach (var (name, read, description) in HangfireSample.Gauges)
        {
            meter.CreateObservableGauge<long>(name, () => _hangfire is { } sample ? [new Measurement<long>(read(sample))] : [], null, description);
        }

        foreach (var (field, read, description) in Ledger.Figures)
        {
            meter.CreateObservableGauge(Ledger.GaugeName(field), () => ObserveLedger(read), null, description);
        }
    }

    /// <summary>A page fetched and parsed (an outcome page, such as a 404's, included).</summary>
    public void PageFetched(string page, string subreddit, TimeSpan fetchTime, TimeSpan parseTime)
    {
        var tag = SubredditTag(subreddit);
        if (page == Pages.Listing)
        {
            _listingFetchTime.Record(fetchTime.TotalSeconds, tag);
            _listingPages.Add(1, tag);
        }
        else
        {
            _submissionFetchTime.Record(fetchTime.TotalSeconds, tag);
        }

        _parseTime.Record(parseTime.TotalSeconds, tag, new(Tags.Page, page));
    }

    public void HttpResponse(int status, string page) =>
        _httpResponses.Add(1, new(Tags.Status, status.ToString(System.Globalization.CultureInfo.InvariantCulture)), new(Tags.Page, page));

    /// <summary>A request retried; <paramref name="reason"/> is the status code, or <c>timeout</c>/<c>connection</c>.</summary>
    public void HttpRetry(string reason) => _httpRetries.Add(1, new KeyValuePair<string, object?>(Tags.Reason, reason));

    public void RateLimitWaited(TimeSpan wait)
    {
        _gateWait.Record(wait.TotalSeconds);
        if (wait > TimeSpan.Zero)
        {
            _rateLimitWait.Add(wait.TotalSeconds);
        }
    }

    /// <summary>A listing page's candidates: <paramref name="found"/> above the floor, of which
    /// <paramref name="enqueued"/> were new.</summary>
    public void Discovered(string subreddit, int found, int enqueued)
    {
        var tag = SubredditTag(subreddit);
        _discovered.Add(found, tag);
        _duplicates.Add(found - enqueued, tag);
    }

    public void DiscoveredAge(string subreddit, TimeSpan age) => _ageAtDiscovery.Record(Math.Max(0, age.TotalSeconds), SubredditTag(subreddit));

    /// <summary>A submission scraped and stored: counted, and its properties recorded.</summary>
    public void Scraped(SubmissionPage page)
    {
        var submission = page.Submission;
        var tag = SubredditTag(submission.Subreddit);
        _scraped.Add(1, tag);
        _titleLength.Record(submission.Title.Length, tag);
        _selftextLength.Record(page.SelftextText.Length, tag);
        if (submission.Score is { } score)
        {
            _score.Record(score, tag);
        }

        if ((submission.CommentCount ?? page.CommentCountInHeader) is { } comments)
        {
            _comments.Record(comments, tag);
        }

        if (page.UpvoteRatio is { } ratio)
        {
            _upvoteRatio.Record(ratio, tag);
        }
    }

    public void ScrapeFailed(string subreddit, string reason) => _failures.Add(1, SubredditTag(subreddit), new(Tags.Reason, reason));

    public void JobPerformed(string job, bool succeeded, TimeSpan duration) =>
        _jobExecution.Record(duration.TotalSeconds, new(Tags.Job, job), new(Tags.Outcome, succeeded ? "succeeded" : "failed"));

    public void JobWaited(string job, TimeSpan wait) =>
        _jobWait.Record(Math.Max(0, wait.TotalSeconds), new KeyValuePair<string, object?>(Tags.Job, job));

    /// <summary>The newest stored creation time per subreddit, sampled: the gauges report now minus it.</summary>
    public void SetFreshness(IReadOnlyDictionary<string, double> lagSecondsBySubreddit) =>
        _freshnessLag = lagSecondsBySubreddit.ToFrozenDictionary(p => p.Key.ToLowerInvariant(), p => p.Value);

    public void SetHangfire(HangfireSample sample) => _hangfire = sample;

    /// <summary>The subreddits in trouble as last sampled: for how long, and when discovery asks again.</summary>
    public void SetTroubles(IEnumerable<(string Subreddit, PageKind Kind, TimeSpan For, TimeSpan Recheck)> troubles) =>
        _troubles = troubles.Select(t => (
            t.Subreddit.ToLowerInvariant(), PageKindNames.Of(t.Kind), t.For.TotalSeconds, Math.Max(0, t.Recheck.TotalSeconds))).ToList();

    /// <summary>A request went to reddit (each attempt).</summary>
    public void RequestSent(string purpose) => _requests.Add(1, new KeyValuePair<string, object?>(Tags.Purpose, purpose));

    /// <summary>A submission stored for the first time, <paramref name="lag"/> after its creation.</summary>
    public void FirstStored(string subreddit, TimeSpan lag) => _lag.Record(Math.Max(0, lag.TotalSeconds), SubredditTag(subreddit));

    /// <summary>A suspected gap (the log line names the subreddit or group).</summary>
    public void GapSuspected() => Interlocked.Increment(ref _gaps);

    /// <summary>A read planned and enqueued, of <paramref name="width"/> subreddits.</summary>
    public void ReadPlanned(int width) => _groupWidth.Record(width);

    /// <summary>A revisit at <paramref name="age"/> done; late when it came well after it fell due.</summary>
    public void Revisited(SubmissionPage page, TimeSpan age, bool late)
    {
        var tags = new TagList { { Tags.Subreddit, page.Submission.Subreddit.ToLowerInvariant() }, { Tags.Age, AgeTag(age) } };
        _revisitsDone.Add(1, tags);
        if (late)
        {
            Interlocked.Increment(ref _revisitsLate);
        }

        if (page.Submission.Score is { } score)
        {
            _scoreAtAge.Record(score, tags);
        }

        if ((page.Submission.CommentCount ?? page.CommentCountInHeader) is { } comments)
        {
            _commentsAtAge.Record(comments, tags);
        }
    }

    /// <summary>Revisits enqueued by one planning round.</summary>
    public void RevisitsEnqueued(int count) => _revisitsEnqueued.Add(count);

    /// <summary>An age as its tag: <c>1h</c>, <c>24h</c>, <c>7d</c>, <c>90m</c> (whole days from 2 days up).</summary>
    public static string AgeTag(TimeSpan age) => Durations.Format(age);

    /// <summary>The current plan: its use of the budget and each subreddit's rate and interval.</summary>
    public void SetPlan(double budgetUsed, bool overloaded, IEnumerable<(string Subreddit, double PostsPerHour, TimeSpan Interval)> subreddits) =>
        _plan = new PlanSample(
            budgetUsed, overloaded, [.. subreddits.Select(s => (s.Subreddit.ToLowerInvariant(), s.PostsPerHour, s.Interval.TotalSeconds))]);

    /// <summary>The discovery runs of the ledger's window as last sampled.</summary>
    public void SetLedger(IReadOnlyList<RunLedger> runs) => _ledger = runs;

    /// <summary>reddit access as last seen (<see cref="SessionStates"/>).</summary>
    public void SetSessionState(PageKind? loss, bool sessionConfigured) => _sessionState = SessionStates.Of(loss, sessionConfigured);

    /// <summary>Scraping paused on an access outcome (counted by the process that paused it).</summary>
    public void AccessLost(PageKind kind) => _accessLost.Add(1, new KeyValuePair<string, object?>(Tags.Outcome, PageKindNames.Of(kind)));

    private IEnumerable<Measurement<int>> ObserveSessionState()
    {
        var state = _sessionState;
        return state < 0 ? [] : [new Measurement<int>(state, new KeyValuePair<string, object?>(Tags.State, SessionStates.All[state]))];
    }

    private IEnumerable<Measurement<double>> ObserveTroubles(Func<(string Subreddit, string Outcome, double Seconds, double Recheck), double> value) =>
        _troubles.Select(t => new Measurement<double>(
            value(t), new KeyValuePair<string, object?>(Tags.Subreddit, t.Subreddit), new KeyValuePair<string, object?>(Tags.Outcome, t.Outcome)));

    private IEnumerable<Measurement<double>> ObserveFreshnessLag() =>
        _freshnessLag.Select(p => new Measurement<double>(p.Value, new KeyValuePair<string, object?>(Tags.Subreddit, p.Key)));

    private IEnumerable<Measurement<double>> ObservePlan(Func<(string Subreddit, double PostsPerHour, double IntervalSeconds), double> value) =>
        _plan is { } plan
            ? plan.Subreddits.Select(s => new Measurement<double>(value(s), new KeyValuePair<string, object?>(Tags.Subreddit, s.Subreddit)))
            : [];

    private IEnumerable<Measurement<long>> ObserveLedger(Func<RunLedger, long> read) =>
        _ledger.Select(r => new Measurement<long>(
            read(r),
            SubredditTag(r.Subreddit),
            new KeyValuePair<string, object?>(Tags.Run, r.Run),
            new KeyValuePair<string, object?>(Tags.Started, r.Started.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture))));

    private IEnumerable<Measurement<long>> ObserveQueues() =>
        _hangfire is { } sample
            ? sample.EnqueuedByQueue.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>(Tags.Queue, p.Key)))
            : [];

    // Lower case: reddit's names are case-insensitive, and one subreddit must make one series.
    private static KeyValuePair<string, object?> SubredditTag(string subreddit) => new(Tags.Subreddit, subreddit.ToLowerInvariant());

    private sealed record PlanSample(
        double BudgetUsed, bool Overloaded, IReadOnlyList<(string Subreddit, double PostsPerHour, double IntervalSeconds)> Subreddits);
}
