namespace Scraper.Tests.Storage;

/// <summary>The store contract on SQLite: a database file in a temp folder of each test's own.</summary>
public sealed class SqliteSubmissionStoreTests : SubmissionStoreContract
{
    private readonly string _folder = Directory.CreateTempSubdirectory("scraper-sqlite-").FullName;

    protected override Task<string> CreateDatabaseAsync() =>
        Task.FromResult("Data Source=" + Path.Combine(_folder, "submissions.db"));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
