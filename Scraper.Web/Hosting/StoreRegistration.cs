using Scraper.Jobs.Storage;

namespace Scraper.Web.Hosting;

/// <summary>The submission store (<c>ConnectionStrings:Submissions</c>: PostgreSQL or SQLite), its schema created
/// or migrated on start (<see cref="StoreStart"/>, which waits for a PostgreSQL that starts late).</summary>
internal static class StoreRegistration
{
    public static IHostApplicationBuilder AddScraperStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSettings<ConnectionStringsOptions>(ConnectionStringsOptions.SectionName);
        var connections = Settings.Read<ConnectionStringsOptions>(builder.Configuration, ConnectionStringsOptions.SectionName);
        builder.Services.AddSubmissionStore(connections.Submissions);
        // Registered before PipelineStart, which starts the Hangfire server once the schema exists.
        builder.Services.AddSingleton<StoreStart>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<StoreStart>());
        return builder;
    }
}
