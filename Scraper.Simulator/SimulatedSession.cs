namespace Scraper.Simulator;

/// <summary>Who the simulated old.reddit serves, as the real one has since July 2026. Open by default: every
/// request gets logged-out pages, as before the wall (tests that do not care). <see cref="Require"/> turns the
/// wall on: a request without the current <c>reddit_session</c> cookie gets a 302 to <c>/login/?reason=lor2</c>,
/// one with it gets pages logged in as <see cref="Account"/>. The value is a secret to the scraper under test, so
/// the simulator never logs or records it. Thread-safe.</summary>
public sealed class SimulatedSession
{
    private readonly Lock _gate = new();
    private string? _current;

    /// <summary>The account logged-in pages are rendered for.</summary>
    public string Account { get; private set; } = "scraper_sandbox";

    /// <summary>True while a session is required.</summary>
    public bool Required
    {
        get
        {
            lock (_gate)
            {
                return _current is not null;
            }
        }
    }

    /// <summary>While true, every request gets www.reddit.com's 2026 "blocked by network security" page (403).</summary>
    public bool NetworkBlock { get; set; }

    /// <summary>From now on only requests with this <c>reddit_session</c> value are served, logged in as
    /// <paramref name="account"/>.</summary>
    public void Require(string value, string account = "scraper_sandbox")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        lock (_gate)
        {
            _current = value;
            Account = account;
        }
    }

    /// <summary>The session ends, as reddit's do: its value is refused from now on, and until
    /// <see cref="Renew"/> every request meets the wall.</summary>
    public void Expire()
    {
        lock (_gate)
        {
            _current = _current is null ? null : "\0expired";
        }
    }

    /// <summary>A new session (the operator logged in again): this value is served from now on, no other.</summary>
    public void Renew(string value) => Require(value, Account);

    /// <summary>Whether a request with this Cookie header passes, and whether it carried a session at all.</summary>
    internal (bool Served, bool Sent) Check(string? cookieHeader)
    {
        var sent = Value(cookieHeader);
        lock (_gate)
        {
            return (_current is null || string.Equals(sent, _current, StringComparison.Ordinal), sent is not null);
        }
    }

    private static string? Value(string? cookieHeader)
    {
        foreach (var pair in (cookieHeader ?? string.Empty).Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (pair.StartsWith("reddit_session=", StringComparison.Ordinal))
            {
                return pair["reddit_session=".Length..];
            }
        }

        return null;
    }
}
