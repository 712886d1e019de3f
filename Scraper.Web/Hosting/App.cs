namespace Scraper.Web.Hosting;

/// <summary>The web host. Later issues add the Hangfire pipeline, dashboard and metrics.</summary>
internal static class App
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        app.MapGet("/health/live", () => Results.Ok(new { status = "healthy" }));
        await app.RunAsync();
        return 0;
    }
}
