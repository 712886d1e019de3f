using System.Text;
using System.Text.RegularExpressions;

namespace Scraper.Tests.Support;

/// <summary>A .dockerignore read the way Docker reads it: one pattern a line, <c>#</c> comments, paths relative to
/// the build context with <c>*</c>, <c>?</c> and <c>**</c>, <c>!</c> to take a path back in, the last matching line
/// deciding; a pattern that matches a folder excludes everything in it. Character classes (<c>[...]</c>) are not
/// supported: a line with one fails loudly rather than matching differently from Docker.</summary>
internal sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Exclude)> _rules;

    private DockerIgnore(List<(Regex Pattern, bool Exclude)> rules) => _rules = rules;

    public static DockerIgnore Read(string path) => Parse(File.Exists(path) ? File.ReadAllLines(path) : []);

    public static DockerIgnore Parse(IEnumerable<string> lines)
    {
        var rules = new List<(Regex, bool)>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var exclude = !line.StartsWith('!');
            var pattern = Clean(exclude ? line : line[1..].Trim());
            rules.Add((ToRegex(pattern), exclude));
        }

        return new DockerIgnore(rules);
    }

    /// <summary>Whether a path relative to the context (with <c>/</c>) stays out of the build context.</summary>
    public bool Excludes(string relativePath)
    {
        var path = Clean(relativePath);
        var excluded = false;
        foreach (var (pattern, exclude) in _rules)
        {
            if (MatchesItselfOrAFolderAbove(pattern, path))
            {
                excluded = exclude;
            }
        }

        return excluded;
    }

    private static bool MatchesItselfOrAFolderAbove(Regex pattern, string path)
    {
        for (var end = path.Length; end > 0; end = path.LastIndexOf('/', end - 1))
        {
            if (pattern.IsMatch(path[..end]))
            {
                return true;
            }
        }

        return false;
    }

    // Docker cleans each pattern like a path: no leading "/" or "./", no trailing "/", no doubled separators.
    private static string Clean(string path)
    {
        var parts = path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".");
        return string.Join('/', parts);
    }

    private static Regex ToRegex(string pattern)
    {
        if (pattern.Contains('[', StringComparison.Ordinal))
        {
            throw new NotSupportedException(".dockerignore character classes are not supported here: " + pattern);
        }

        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**/" is any number of folders, none included; a final "**" is anything.
                var followedBySlash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(followedBySlash ? "(.*/)?" : ".*");
                i += followedBySlash ? 2 : 1;
            }
            else
            {
                regex.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
