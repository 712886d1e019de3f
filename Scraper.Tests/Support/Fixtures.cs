namespace Scraper.Tests.Support;

/// <summary>The real saved old.reddit pages in <c>../shared/fixtures/oldreddit/</c> (read-only).</summary>
internal static class Fixtures
{
    private static readonly Lazy<string> Folder = new(FindFolder);

    public static string Directory => Folder.Value;

    public static string PathOf(string fileName) => Path.Combine(Folder.Value, fileName);

    public static string Read(string fileName) => File.ReadAllText(PathOf(fileName));

    public static IEnumerable<string> AllPages() =>
        System.IO.Directory.EnumerateFiles(Folder.Value, "*.html").Select(Path.GetFileName).Order()!;

    // The fixtures sit beside the repository (../shared); SCRAPER_FIXTURES points elsewhere when needed.
    private static string FindFolder()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("SCRAPER_FIXTURES");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "fixtures", "oldreddit");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            "shared/fixtures/oldreddit not found above " + AppContext.BaseDirectory + "; set SCRAPER_FIXTURES.");
    }
}
