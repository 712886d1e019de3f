namespace Scraper.Benchmarks.Support;

/// <summary>The real saved old.reddit pages in <c>../shared/fixtures/oldreddit/</c> (read-only), found the way
/// Scraper.Tests finds them.</summary>
internal static class Fixtures
{
    private static readonly Lazy<string> Folder = new(FindFolder);

    public static string Read(string fileName) => File.ReadAllText(Path.Combine(Folder.Value, fileName));

    /// <summary>File names (not paths: they are the benchmark's parameter and show in the results table)
    /// starting with one of the prefixes, in name order.</summary>
    public static IEnumerable<string> Named(params string[] prefixes) =>
        Directory.EnumerateFiles(Folder.Value, "*.html")
            .Select(path => Path.GetFileName(path))
            .Where(name => prefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal);

    // BenchmarkDotNet runs each benchmark from bin/Release/net10.0/<generated>/bin/..., so walking up still
    // reaches the folder that holds shared/; SCRAPER_FIXTURES points elsewhere when needed.
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
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            "shared/fixtures/oldreddit not found above " + AppContext.BaseDirectory + "; set SCRAPER_FIXTURES.");
    }
}
