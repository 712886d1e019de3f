using Hangfire;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Scraper.Web.Hosting.Dashboard;

/// <summary>The Hangfire dashboard at <c>/hangfire</c>, behind the <see cref="PolicyName"/> authorization policy:
/// a local request, or one authenticated with <see cref="DashboardAccessOptions"/>'s credentials; anything else
/// gets 401 and a basic-authentication challenge. Its Record page (<see cref="RecordDispatcher"/>) shows what the
/// store holds.</summary>
internal static class DashboardRegistration
{
    public const string Path = "/hangfire";

    public const string PolicyName = "Dashboard";

    public static WebApplicationBuilder AddScraperDashboard(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettings<DashboardAccessOptions>(DashboardAccessOptions.SectionName);
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicAuthenticationHandler.SchemeName, configureOptions: null);
        services.AddAuthorizationBuilder().AddPolicy(PolicyName, policy => policy
            .AddAuthenticationSchemes(BasicAuthenticationHandler.SchemeName)
            .RequireAssertion(context => context.User.Identity?.IsAuthenticated == true
                || (context.Resource is HttpContext http && LocalRequest.IsLocal(http))));
        // With it registered, Hangfire checks an antiforgery token on the dashboard's buttons: a browser sends
        // basic credentials with every request to the site, also with one another site makes it send.
        // Its tokens are signed with the data-protection key ring, shared by every process and restart.
        services.AddAntiforgery();
        builder.AddScraperKeyRing();
        return builder;
    }

    public static WebApplication MapScraperDashboard(this WebApplication app)
    {
        var access = app.Services.GetRequiredService<IOptions<DashboardAccessOptions>>();
        RecordDispatcher.Register();
        app.MapHangfireDashboardWithAuthorizationPolicy(PolicyName, Path, new DashboardOptions
        {
            DashboardTitle = "Scraper jobs",
            IsReadOnlyFunc = _ => access.Value.ReadOnly,
            // The footer would show the storage's address.
            DisplayStorageConnectionString = false,
        });
        return app;
    }
}
