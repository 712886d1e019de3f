using System.Data.Common;
using Hangfire.Dashboard;
using Microsoft.Extensions.Options;
using Scraper.Jobs.Discovery;
using Scraper.Jobs.Storage;
using Scraper.Web.Hosting.Logging;

namespace Scraper.Web.Hosting.Dashboard;

/// <summary>The dashboard's Record page at <see cref="Route"/>: reads the record asynchronously (a dashboard page
/// renders synchronously), then renders <see cref="RecordPage"/> in the dashboard's layout, behind the dashboard's
/// access rules like every other page of it.</summary>
internal sealed class RecordDispatcher : IDashboardDispatcher
{
    public const string Route = "/record";

    private static readonly Lock Registering = new();
    private static bool s_registered;

    /// <summary>Adds the page and its menu item to Hangfire's dashboard, once per process (Hangfire keeps its
    /// routes and menu in statics).</summary>
    public static void Register()
    {
        lock (Registering)
        {
            if (s_registered)
            {
                return;
            }

            DashboardRoutes.Routes.Add(Route, new RecordDispatcher());
            NavigationMenu.Items.Add(page => new MenuItem(RecordPage.Title, page.Url.To(Route))
            {
                Active = page.RequestPath.StartsWith(Route, StringComparison.OrdinalIgnoreCase),
            });
            s_registered = true;
        }
    }

    public async Task Dispatch(DashboardContext context)
    {
        var http = context.GetHttpContext();
        var services = http.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        RecordSummary? summary = null;
        string? unreachable = null;
        try
        {
            summary = await services.GetRequiredService<IRecordReader>().ReadAsync(
                services.GetRequiredService<IOptions<ScraperOptions>>().Value.Subreddits, now, http.RequestAborted);
        }
        catch (DbException e)
        {
            // The store down or not yet migrated: the page says so (the readiness check says the same).
            unreachable = e.GetType().Name;
            HostingLog.RecordUnreadable(services.GetRequiredService<ILogger<RecordDispatcher>>(), e.GetType().Name, e.Message);
        }

        // Hangfire's own dispatcher for a page in the layout: it alone may give a page the request's context.
        var render = new Hangfire.Dashboard.RouteCollection();
        render.AddRazorPage(Route, _ => new RecordPage(now, summary, unreachable));
        var (dispatcher, match) = render.FindDispatcher(Route) ?? throw new InvalidOperationException("The Record page's route does not match itself.");
        context.UriMatch = match;
        await dispatcher.Dispatch(context);
    }
}
