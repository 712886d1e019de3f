using Hangfire;
using Scraper.Simulator;

namespace Scraper.Web.Hosting;

/// <summary>The web host: the Hangfire pipeline, its dashboard at /hangfire (local requests only until the
/// dashboard's authentication lands) and /health/live.</summary>
internal static class App
{
    public static async Task<int> RunAsync(string[] args)
    {
        var sandbox = args.Contains(Sandbox.Flag);
        var builder = WebApplication.CreateBuilder(args.Where(a => a != Sandbox.Flag).ToArray());
        SimulatedReddit? simulated = sandbox ? await Sandbox.StartAsync(builder.Configuration) : null;
        try
        {
            builder.AddScraperPipeline();
            var app = builder.Build();
            app.MapGet("/health/live", () => Results.Ok(new { status = "healthy" }));
            app.UseHangfireDashboard("/hangfire");
            app.MapScraperMetrics();
            await app.RunAsync();
            return 0;
        }
        finally
        {
            if (simulated is not null)
            {
                await simulated.DisposeAsync();
            }
        }
    }
}
