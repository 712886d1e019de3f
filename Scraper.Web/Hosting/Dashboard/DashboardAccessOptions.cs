using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Scraper.Web.Hosting.Dashboard;

/// <summary>Who may open the Hangfire dashboard at <c>/hangfire</c>. Section <c>Dashboard</c>. A local request
/// (see <see cref="LocalRequest"/>) needs nothing; any other needs these credentials (HTTP basic authentication),
/// and with none configured it is refused: the dashboard is never open to the network.</summary>
internal sealed class DashboardAccessOptions : IValidatableObject
{
    public const string SectionName = "Dashboard";

    /// <summary>The user name for requests from elsewhere (default none: only local requests get in).</summary>
    public string Username { get; set; } = string.Empty;

    /// <summary>Its password (default none). Set both or neither. Basic authentication sends it with every
    /// request, readable to anyone on the path: serve the dashboard over TLS (a reverse proxy) beyond a trusted
    /// network.</summary>
    public string Password { get; set; } = string.Empty;

    /// <summary>Shows jobs without the buttons that change them (trigger, requeue, delete), for everyone
    /// (default false).</summary>
    public bool ReadOnly { get; set; }

    public bool HasCredentials => Username.Length > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(Username) != string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult(
                "Dashboard:Username and Dashboard:Password must both be set or both be empty.", [nameof(Username), nameof(Password)]);
        }

        if (Username.Contains(':', StringComparison.Ordinal))
        {
            // Basic authentication separates the two at the first colon.
            yield return new ValidationResult("Dashboard:Username cannot contain a colon.", [nameof(Username)]);
        }
    }
}

/// <summary>Checks <see cref="DashboardAccessOptions.Validate"/>; generated.</summary>
[OptionsValidator]
internal sealed partial class DashboardAccessOptionsValidator : IValidateOptions<DashboardAccessOptions>;
