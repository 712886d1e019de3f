namespace Scraper.Tests.Support;

/// <summary>The real saved old.reddit pages in the repository's <c>testdata/oldreddit/</c>. Also compiled into
/// Scraper.Benchmarks, so both find the pages the same way.</summary>
internal static class Fixtures
{
    private const string Override = "SCRAPER_FIXTURES";

    private static readonly Lazy<string> Folder = new(FindFolder);

    public static string Directory => Folder.Value;

    /// <summary>The page's path. A page that is not there fails here, naming the folder looked in, not later in
    /// whatever the path is handed to (a child process reports only a path).</summary>
    public static string PathOf(string fileName)
    {
        var path = Path.Combine(Folder.Value, fileName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException("No fixture page " + fileName + " in " + Folder.Value + ".", path);
    }

    public static string Read(string fileName) => File.ReadAllText(PathOf(fileName));

    public static IEnumerable<string> AllPages() => Named();

    /// <summary>File names (not paths) starting with one of the prefixes (any, when none is given), in name order.</summary>
    public static IEnumerable<string> Named(params string[] prefixes) =>
        System.IO.Directory.EnumerateFiles(Folder.Value, "*.html")
            .Select(path => Path.GetFileName(path))
            .Where(name => prefixes.Length == 0 || prefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal);

    // Walking up finds the repository's copy from a test's bin folder and from BenchmarkDotNet's generated
    // bin/Release/net10.0/<job>/bin/... folders alike.
    private static string FindFolder()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(Override);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "testdata", "oldreddit");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            "testdata/oldreddit not found in or above " + AppContext.BaseDirectory + "; set " + Override + ".");
    }
}
