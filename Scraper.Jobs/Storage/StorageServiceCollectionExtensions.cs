using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Scraper.Jobs.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the process's one database, as its <see cref="ISubmissionStore"/> and its
    /// <see cref="IDiscoveryLedger"/> (one connection pool for both, and the <see cref="IRecordReader"/> of them): PostgreSQL for a <c>Host=…</c>
    /// connection string, SQLite for <c>Data Source=…</c>, SQLite in <c>scraper.db</c> for none. The string is
    /// checked here, so a bad <c>ConnectionStrings:Submissions</c> stops the app at start. Nothing connects
    /// until the store is used; the host calls <see cref="ISubmissionStore.InitializeAsync"/> once at start.</summary>
    /// <exception cref="SubmissionStoreConfigurationException">The string names no usable database.</exception>
    public static IServiceCollection AddSubmissionStore(this IServiceCollection services, string? connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        SubmissionStoreConnection.Detect(connectionString);
        // Created by the container, so disposed by it (the PostgreSQL data source, the SQLite pool).
        services.TryAddSingleton(_ => SubmissionStoreConnection.Create(connectionString));
        services.TryAddSingleton(provider => provider.GetRequiredService<SqlStore>().Submissions);
        services.TryAddSingleton(provider => provider.GetRequiredService<SqlStore>().Ledger);
        services.TryAddSingleton(provider => provider.GetRequiredService<SqlStore>().Record);
        return services;
    }
}
