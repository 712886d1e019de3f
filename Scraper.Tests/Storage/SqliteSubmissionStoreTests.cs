using Scraper.Tests.Support;

namespace Scraper.Tests.Storage;

/// <summary>The store contract on SQLite: a database file in a temp folder of each test's own.</summary>
public sealed class SqliteSubmissionStoreTests : SubmissionStoreContract
{
    private readonly TempFolder _folder = TempFolder.Create("sqlite");

    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(_folder.Submissions);

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            _folder.Dispose();
        }
    }
}
