using System.Buffers.Text;
using System.Text.Json;

namespace Scraper.Jobs.Fetching;

/// <summary>reddit's <c>reddit_session</c> cookie is a JWT: its payload's <c>exp</c> says when the session ends.
/// Pure: cookie string in, expiry out (null when the value is not a JWT or has no <c>exp</c>).</summary>
public static class SessionExpiry
{
    /// <summary>How long before the expiry the app warns.</summary>
    public static readonly TimeSpan WarnAhead = TimeSpan.FromDays(7);

    public static DateTimeOffset? Read(string cookies)
    {
        ArgumentNullException.ThrowIfNull(cookies);
        foreach (var pair in cookies.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && pair[..equals] == "reddit_session")
            {
                return FromJwt(Uri.UnescapeDataString(pair[(equals + 1)..]));
            }
        }

        return null;
    }

    private static DateTimeOffset? FromJwt(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return payload.RootElement.ValueKind == JsonValueKind.Object
                && payload.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }
}
