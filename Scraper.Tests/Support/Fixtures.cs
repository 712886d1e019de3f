namespace Scraper.Tests.Support;

/// <summary>The real saved old.reddit pages in <c>../shared/fixtures/oldreddit/</c> (read-only). Also compiled
/// into Scraper.Benchmarks, so both find the pages the same way.</summary>
internal static class Fixtures
{
    private static readonly Lazy<string> Folder = new(FindFolder);

    public static string Directory => Folder.Value;

    public static string PathOf(string fileName) => Path.Combine(Folder.Value, fileName);

    public static string Read(string fileName) => File.ReadAllText(PathOf(fileName));

    public static IEnumerable<string> AllPages() => Named();

    /// <summary>File names (not paths) starting with one of the prefixes (any, when none is given), in name order.</summary>
    public static IEnumerable<string> Named(params string[] prefixes) =>
        System.IO.Directory.EnumerateFiles(Folder.Value, "*.html")
            .Select(path => Path.GetFileName(path))
            .Where(name => prefixes.Length == 0 || prefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal);

    // The fixtures sit beside the repository (../shared); walking up also works from BenchmarkDotNet's generated
    // bin/Release/net10.0/<job>/bin/... folders. SCRAPER_FIXTURES points elsewhere when needed.
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
