using Microsoft.Extensions.DependencyInjection;
using Scraper.Jobs.Storage;
using Scraper.Tests.Support;

namespace Scraper.Tests.Storage;

/// <summary>Choosing the database from <c>ConnectionStrings:Submissions</c>. Nothing here connects.</summary>
public class SubmissionStoreConnectionTests
{
    [Theory]
    [InlineData("Host=db;Database=scraper;Username=scraper;Password=secret")]
    [InlineData("host=127.0.0.1;port=5433;database=scraper")]
    public void Detect_HostConnectionString_PicksPostgres(string connectionString) =>
        Assert.Equal(SubmissionDatabase.Postgres, SubmissionStoreConnection.Detect(connectionString));

    [Theory]
    [InlineData("Data Source=scraper.db")]
    [InlineData("DataSource=/var/lib/scraper/submissions.db;Default Timeout=10")]
    [InlineData("Filename=scraper.db")]
    public void Detect_DataSourceConnectionString_PicksSqlite(string connectionString) =>
        Assert.Equal(SubmissionDatabase.Sqlite, SubmissionStoreConnection.Detect(connectionString));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Create_NoConnectionString_OpensScraperDbInTheWorkingDirectory(string? connectionString)
    {
        using var store = Assert.IsType<SqliteStore>(SubmissionStoreConnection.Create(connectionString));

        Assert.Equal(Path.GetFullPath("scraper.db"), store.DatabasePath);
    }

    [Theory]
    [InlineData("Server=sql;Database=scraper;Trusted_Connection=True")]
    [InlineData("scraper.db")]
    [InlineData("postgresql://scraper@db/scraper")]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=x.db;Mode=Memory")]
    [InlineData("Host=db;Databse=scraper")]
    [InlineData("Data Source=x.db;Journal=WAL")]
    public void Detect_NoUsableDatabase_ThrowsNamingTheSetting(string connectionString)
    {
        var error = Assert.Throws<SubmissionStoreConfigurationException>(() => SubmissionStoreConnection.Detect(connectionString));

        Assert.StartsWith("ConnectionStrings:Submissions ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_NeitherDatabase_KeepsThePasswordOutOfTheMessage()
    {
        var error = Assert.Throws<SubmissionStoreConfigurationException>(
            () => SubmissionStoreConnection.Detect("Server=sql;User Id=sa;Password=hunter2"));

        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.Contains("password", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AddSubmissionStore_PostgresConnectionString_RegistersOnePostgresStore()
    {
        using var provider = new ServiceCollection()
            .AddSubmissionStore("Host=127.0.0.1;Port=1;Database=scraper;Username=scraper")
            .BuildServiceProvider();

        var store = provider.GetRequiredService<SqlStore>();

        Assert.IsType<PostgresStore>(store);
        Assert.Same(store.Submissions, provider.GetRequiredService<ISubmissionStore>());
        Assert.Same(store.Ledger, provider.GetRequiredService<IDiscoveryLedger>());
        Assert.Equal(SubmissionDatabase.Postgres, provider.GetRequiredService<ISubmissionStore>().Database);
    }

    [Fact]
    public void AddSubmissionStore_SqliteConnectionString_RegistersASqliteStore()
    {
        using var folder = TempFolder.Create("store");
        var path = folder.PathOf("submissions.db");
        using var provider = new ServiceCollection().AddSubmissionStore("Data Source=" + path).BuildServiceProvider();

        var store = Assert.IsType<SqliteStore>(provider.GetRequiredService<SqlStore>());
        Assert.Same(store.Submissions, provider.GetRequiredService<ISubmissionStore>());
        Assert.Same(store.Ledger, provider.GetRequiredService<IDiscoveryLedger>());

        Assert.Equal(path, store.DatabasePath);
        Assert.False(File.Exists(path)); // nothing opened yet
    }

    [Fact]
    public void AddSubmissionStore_UnusableConnectionString_ThrowsAtRegistration()
    {
        var services = new ServiceCollection();

        Assert.Throws<SubmissionStoreConfigurationException>(() => services.AddSubmissionStore("Data Source=:memory:"));
    }
}
