using Scraper.Jobs.Diagnostics;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Scraper.Jobs.Fetching;

/// <summary>How Scraper talks to reddit. Section <c>Reddit</c>; environment variables <c>Reddit__BaseUrl</c>, ….</summary>
public sealed class RedditOptions : IValidatableObject
{
    public const string SectionName = "Reddit";

    /// <summary>Where old.reddit is. Default <c>https://old.reddit.com/</c>; the sandbox points it at the simulator.</summary>
    [Required(ErrorMessage = SettingMessages.Missing)]
    public Uri BaseUrl { get; set; } = new("https://old.reddit.com/");

    /// <summary>Required. Identifies the scraper and gives a contact, as reddit asks, e.g.
    /// <c>linux:scraper:1.0 (by /u/yourname; ops@example.org)</c>.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = SettingMessages.Missing + " (expected the scraper and a contact, e.g. \"linux:scraper:1.0 (by /u/yourname)\")")]
    public string UserAgent { get; set; } = string.Empty;

    /// <summary>Requests per minute (default 30, 1..1,000,000): for the process, or for all processes together
    /// when Redis is configured. Benchmarks and the sandbox set it high; reddit wants it low.</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerMinute { get; set; } = 30;

    /// <summary>Timeout of one attempt (default 30 s, 1 s..5 min) until the headers, and again of reading the body
    /// and of parsing it. The whole request, retries and Retry-After waits included, may take
    /// <see cref="MaxRetries"/> + 1 times as long plus two minutes, and the body and the parse twice this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest body read (default 8 MiB, 64 KiB..256 MiB), counted decompressed: reddit's biggest
    /// real pages are about 1 MB. A body past it is not read further and ends as <c>too_large</c>; a Content-Length
    /// past it is refused before the body is read.</summary>
    [Range(64 * 1024, 256 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Retries of one request on 429, 5xx, timeouts and resets (default 3, 0..10). Kept small on
    /// purpose: Hangfire retries the whole job minutes later.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry's backoff (default 2 s, 10 ms..1 min), doubled per retry with jitter; a
    /// Retry-After from reddit replaces it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The logged-in session, a password: the value of the <c>reddit_session</c> cookie of a browser where
    /// the scraping account is logged in, or a whole cookie string (<c>name=value; name2=value2</c>). Sent with every
    /// request, with <c>over18=1</c>. Default none: requests go out anonymous, which old.reddit answers with its
    /// login wall since July 2026.</summary>
    public string SessionCookie { get; set; } = string.Empty;

    /// <summary>A file holding <see cref="SessionCookie"/> instead (a Docker secret); read at start.</summary>
    public string SessionCookieFile { get; set; } = string.Empty;

    /// <summary>How often a paused scraper asks reddit whether access is back (default 5 min, 1 s..1 h); doubled
    /// after each failed probe, up to an hour.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan AccessProbeInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The session's cookies as sent (from <see cref="SessionCookie"/> or its file), empty for none.</summary>
    internal string Session { get; set; } = string.Empty;

    public bool HasSession => Session.Length > 0;

    /// <summary>When the session ends, if its cookie says so (a JWT's <c>exp</c>); null otherwise.</summary>
    public DateTimeOffset? SessionExpires => SessionExpiry.Read(Session);

    /// <summary>The <c>Cookie</c> header of every request.</summary>
    internal string CookieHeader => HasSession ? "over18=1; " + Session : "over18=1";

    /// <summary>Reads the session from the value or the file (run before validation; a file that cannot be read
    /// is left for <see cref="Validate"/> to name).</summary>
    public void ResolveSession()
    {
        var raw = SessionCookie;
        if (raw.Length == 0 && SessionCookieFile.Length > 0 && File.Exists(SessionCookieFile))
        {
            raw = File.ReadAllText(SessionCookieFile);
        }

        raw = raw.Trim();
        Session = raw.Length == 0 || raw.Contains('=', StringComparison.Ordinal) ? raw : "reddit_session=" + raw;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // The messages never quote the session: it is a password.
        if (SessionCookie.Length > 0 && SessionCookieFile.Length > 0)
        {
            yield return new ValidationResult(
                "Reddit:SessionCookie and Reddit:SessionCookieFile are both set; set one of them.", [nameof(SessionCookie)]);
        }

        if (SessionCookieFile.Length > 0 && !File.Exists(SessionCookieFile))
        {
            yield return new ValidationResult(
                "Reddit:SessionCookieFile names a file that does not exist: " + SessionCookieFile + ".", [nameof(SessionCookieFile)]);
        }
        else if (SessionCookieFile.Length > 0 && Session.Length == 0)
        {
            yield return new ValidationResult("Reddit:SessionCookieFile is empty: " + SessionCookieFile + ".", [nameof(SessionCookieFile)]);
        }

        if (Session.Any(char.IsControl))
        {
            yield return new ValidationResult(
                "Reddit:SessionCookie must be one line: the reddit_session cookie's value, or name=value pairs separated by '; '.",
                [nameof(SessionCookie)]);
        }

        if (!BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttps && BaseUrl.Scheme != Uri.UriSchemeHttp))
        {
            yield return new ValidationResult(
                "Reddit:BaseUrl: \"" + BaseUrl.OriginalString + "\" is not an absolute http(s) URL (expected e.g. https://old.reddit.com/).",
                [nameof(BaseUrl)]);
        }

        if (UserAgent.Any(char.IsControl))
        {
            yield return new ValidationResult("Reddit:UserAgent must be one line of printable text.", [nameof(UserAgent)]);
        }

        // reddit asks for a unique, descriptive agent with a way to reach its operator.
        if (!string.IsNullOrWhiteSpace(UserAgent)
            && !(UserAgent.Contains("/u/", StringComparison.Ordinal) || UserAgent.Contains('@', StringComparison.Ordinal)
                || UserAgent.Contains("http", StringComparison.OrdinalIgnoreCase)))
        {
            yield return new ValidationResult(
                "Reddit:UserAgent must name a contact (a /u/ name, an e-mail address or a URL).", [nameof(UserAgent)]);
        }
    }
}

/// <summary>Checks <see cref="RedditOptions"/>' attributes and <see cref="RedditOptions.Validate"/>; generated.</summary>
[OptionsValidator]
public sealed partial class RedditOptionsValidator : IValidateOptions<RedditOptions>;
