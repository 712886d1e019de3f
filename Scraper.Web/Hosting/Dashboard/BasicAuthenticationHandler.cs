using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Scraper.Web.Hosting.Dashboard;

/// <summary>HTTP basic authentication against <see cref="DashboardAccessOptions"/>: a request with the configured
/// user name and password is authenticated; a challenge answers 401 with <c>WWW-Authenticate: Basic
/// realm="Scraper"</c>, so a browser asks for them.</summary>
internal sealed class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemes,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<DashboardAccessOptions> access)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemes, logger, encoder)
{
    public const string SchemeName = "Basic";

    // Far above any sensible user name and password; bounds the stack buffer they are decoded into.
    private const int MaxEncodedLength = 1024;

    private const string Challenge = "Basic realm=\"Scraper\", charset=\"UTF-8\"";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var settings = access.Value;
        string? header = Request.Headers.Authorization;
        if (!settings.HasCredentials || header is null || !header.StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!TryDecode(header[(SchemeName.Length + 1)..].Trim(), out var username, out var password)
            || !(FixedTimeEquals(username, settings.Username) & FixedTimeEquals(password, settings.Password)))
        {
            return Task.FromResult(AuthenticateResult.Fail("Wrong dashboard credentials."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, username)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = Challenge;
        return Task.CompletedTask;
    }

    private static bool TryDecode(string encoded, out string username, out string password)
    {
        username = password = string.Empty;
        if (encoded.Length > MaxEncodedLength)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, bytes, out var length))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes[..length]);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        (username, password) = (text[..colon], text[(colon + 1)..]);
        return true;
    }

    // Hashing first gives both sides one length, so neither the comparison's time nor an early exit tells how
    // much of a guess was right, or how long the secret is.
    private static bool FixedTimeEquals(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
