using Microsoft.Extensions.Options;
using Scraper.Web.Hosting.Dashboard;
using Scraper.Web.Hosting.Health;
using Scraper.Web.Hosting.Logging;
using Serilog;

namespace Scraper.Web.Hosting;

/// <summary>The web host: the Hangfire pipeline, its dashboard at /hangfire, and the health endpoints; logging
/// through Serilog from the first line to the last.</summary>
internal static class App
{
    /// <param name="args">The command line, read as configuration.</param>
    /// <param name="around">What runs the app inside something of its own (Scraper.Sandbox: a simulated
    /// old.reddit): given the builder before anything reads its configuration or services; what it returns is
    /// disposed once the host has stopped and been disposed.</param>
    public static async Task<int> RunAsync(string[] args, Func<WebApplicationBuilder, Task<IAsyncDisposable>>? around = null)
    {
        Log.Logger = LoggingRegistration.CreateBootstrapLogger();
        try
        {
            return await RunHostAsync(args, around);
        }
        catch (OptionsValidationException e)
        {
            // The failures name the keys; a stack trace would only bury them. One line, however many.
            Log.Fatal("Invalid configuration: {Failures:l}", string.Join("; ", e.Failures));
            return 1;
        }
        catch (Exception e)
        {
            Log.Fatal(e, "Scraper stopped on an unexpected error");
            return 1;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }

    private static async Task<int> RunHostAsync(string[] args, Func<WebApplicationBuilder, Task<IAsyncDisposable>>? around)
    {
        // The app's own appsettings.json, wherever it is started from (its data stays relative to the working
        // directory: see KeyRingOptions.KeysFolder and ConnectionStrings:Submissions).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        var surrounding = around is null ? null : await around(builder);
        try
        {
            Settings.Check(builder.Configuration);
            builder.AddScraperLogging();
            builder.AddScraperPipeline();
            builder.AddScraperHealthChecks();
            builder.AddScraperDashboard();
            var app = builder.Build();
            // Request logging first, so it also sees the requests authorization turns away.
            app.UseScraperRequestLogging();
            app.UseRouting();
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapScraperHealthChecks();
            app.MapScraperDashboard();
            app.MapScraperMetrics();
            await app.RunAsync();
            // Non-zero when a hosted service stopped the app on a failure it logged (StoreStart, PipelineStart).
            return Environment.ExitCode;
        }
        finally
        {
            if (surrounding is not null)
            {
                await surrounding.DisposeAsync();
            }
        }
    }

    /// <summary>The pipeline, one line per concern (the web host adds health and the dashboard; tests and the
    /// benchmarks host this alone).</summary>
    public static IHostApplicationBuilder AddScraperPipeline(this IHostApplicationBuilder builder) => builder
        .AddScraperRedis()
        .AddScraperStore()
        .AddScraperJobs()
        .AddScraperHangfire()
        .AddScraperMetrics();
}
