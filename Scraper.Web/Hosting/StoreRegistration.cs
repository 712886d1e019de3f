using Scraper.Jobs.Storage;

namespace Scraper.Web.Hosting;

/// <summary>The submission store (<c>ConnectionStrings:Submissions</c>: PostgreSQL or SQLite), its schema created
/// or migrated on start.</summary>
internal static class StoreRegistration
{
    public static IHostApplicationBuilder AddScraperStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSettings<ConnectionStringsOptions>(ConnectionStringsOptions.SectionName);
        var connections = Settings.Read<ConnectionStringsOptions>(builder.Configuration, ConnectionStringsOptions.SectionName);
        builder.Services.AddSubmissionStore(connections.Submissions);
        // Registered before the Hangfire server, so the schema exists before the first job runs.
        builder.Services.AddHostedService<StoreInitialization>();
        return builder;
    }
}

/// <summary>Creates or migrates the submission store's schema on start, in every role.</summary>
internal sealed class StoreInitialization(ISubmissionStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
