namespace Scraper.Tests.Support;

/// <summary>The repository's working tree (the folder holding Scraper.sln), found above the test binaries, for
/// tests that check files the build does not compile: the Dockerfile, the compose file, .dockerignore.</summary>
internal static class Repository
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string Directory => Root.Value;

    public static string PathOf(string relativePath) => Path.Combine(Root.Value, relativePath);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Scraper.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Scraper.sln not found above " + AppContext.BaseDirectory + ".");
    }
}
