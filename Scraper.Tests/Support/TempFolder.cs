using Microsoft.Data.Sqlite;

namespace Scraper.Tests.Support;

/// <summary>A new folder in the temp folder that one test, fixture or server owns, deleted with everything in it
/// on dispose. Everything a test writes to the temp folder goes in one, so that nothing is left behind, on
/// failure either (scripts/test.sh fails a run that leaves anything).</summary>
/// <remarks>Also compiled into Scraper.Benchmarks.</remarks>
internal sealed class TempFolder : IDisposable
{
    private TempFolder(string path) => Path = path;

    public string Path { get; }

    /// <summary>A SQLite connection string for <c>submissions.db</c> in the folder (created on first use).</summary>
    public string Submissions => "Data Source=" + PathOf("submissions.db");

    /// <param name="purpose">Part of the folder's name (<c>scraper-{purpose}-XXXXXX</c>), to tell whose it is.</param>
    public static TempFolder Create(string purpose) => new(Directory.CreateTempSubdirectory("scraper-" + purpose + "-").FullName);

    public string PathOf(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        // Pooled SQLite connections keep database files open: closed before the files go.
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}
