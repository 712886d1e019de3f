using Scraper.Web.Hosting.Dashboard;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Scraper.Web.Hosting.Logging;

/// <summary>Serilog as the one logging provider: everything (the app, Hangfire through Hangfire.NetCore's
/// ILoggerFactory bridge, ASP.NET Core, the HTTP client, Polly) is written once, to the console. Levels come from
/// <c>Serilog:MinimumLevel</c> (<c>Default</c> and <c>Override:{category}</c>); <c>Logging:Json=true</c> writes
/// compact JSON, one event a line, instead of readable text.</summary>
internal static class LoggingRegistration
{
    private const string TextTemplate = "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>Until the host has read its configuration: what fails that early is still reported.</summary>
    public static Serilog.ILogger CreateBootstrapLogger() =>
        new LoggerConfiguration().WriteTo.Console(outputTemplate: TextTemplate).CreateBootstrapLogger();

    public static WebApplicationBuilder AddScraperLogging(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        // Serilog's logger factory replaces the default one, which would ignore these providers anyway; clearing
        // them says so, and keeps a second console writer from ever appearing.
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog((services, logger) => logger
            // Defaults that configuration can still override: each 401 is already a request line.
            .MinimumLevel.Override(typeof(BasicAuthenticationHandler).FullName!, LogEventLevel.Warning)
            // Its "no XML encryptor configured" warning names no setting; the app's own start line does.
            .MinimumLevel.Override("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogEventLevel.Error)
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext()
            .WriteToConsole(configuration, standardError: false));
        return builder;
    }

    /// <summary>One line per request, written when it ends (ASP.NET Core's own per-request lines are quieted by
    /// the <c>Microsoft.AspNetCore</c> override). Health probes and Prometheus scrapes come every few seconds
    /// (and a 503 is an answer, not an error): Debug, unless they throw.</summary>
    public static WebApplication UseScraperRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options => options.GetLevel = (http, _, exception) =>
            exception is not null ? LogEventLevel.Error
            : http.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
                || http.Request.Path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase) ? LogEventLevel.Debug
            : http.Response.StatusCode >= StatusCodes.Status500InternalServerError ? LogEventLevel.Error
            : LogEventLevel.Information);
        return app;
    }

    /// <summary>The console sink, text or compact JSON as <c>Logging:Json</c> says; the command-line verbs write
    /// to standard error so their output stays clean.</summary>
    public static LoggerConfiguration WriteToConsole(this LoggerConfiguration logger, IConfiguration configuration, bool standardError)
    {
        LogEventLevel? errorFrom = standardError ? LogEventLevel.Verbose : null;
        return Settings.Read<LoggingOptions>(configuration, LoggingOptions.SectionName).Json
            ? logger.WriteTo.Console(new CompactJsonFormatter(), standardErrorFromLevel: errorFrom)
            : logger.WriteTo.Console(outputTemplate: TextTemplate, standardErrorFromLevel: errorFrom, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
    }
}
