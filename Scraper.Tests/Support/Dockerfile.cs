using System.Text;

namespace Scraper.Tests.Support;

/// <summary>A Dockerfile's instructions, by stage: comments and parser directives dropped, lines continued with
/// <c>\</c> joined. Enough to read the file the way <c>docker build</c> would, without an engine.</summary>
internal sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<Stage> stages) => Stages = stages;

    public IReadOnlyList<Stage> Stages { get; }

    public Stage Final => Stages[^1];

    public static Dockerfile Read(string path)
    {
        var stages = new List<Stage>();
        foreach (var line in LogicalLines(File.ReadAllLines(path)))
        {
            var split = line.IndexOf(' ', StringComparison.Ordinal);
            var keyword = (split < 0 ? line : line[..split]).ToUpperInvariant();
            var arguments = split < 0 ? string.Empty : line[(split + 1)..].Trim();
            if (keyword == "FROM")
            {
                // FROM image [AS name]
                var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var name = words.Length == 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null;
                stages.Add(new Stage(words[0], name));
            }
            else if (stages.Count == 0)
            {
                throw new FormatException("An instruction before the first FROM: " + line);
            }
            else
            {
                stages[^1].Instructions.Add(new Instruction(keyword, arguments));
            }
        }

        return new Dockerfile(stages);
    }

    public Stage Named(string name) =>
        Stages.SingleOrDefault(s => s.Name == name) ?? throw new InvalidOperationException("No stage named " + name + ".");

    private static IEnumerable<string> LogicalLines(IEnumerable<string> lines)
    {
        var current = new StringBuilder();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current.Append(line[..^1].TrimEnd()).Append(' ');
                continue;
            }

            current.Append(line);
            yield return current.ToString().Trim();
            current.Clear();
        }

        if (current.Length > 0)
        {
            yield return current.ToString().Trim();
        }
    }

    internal sealed record Stage(string Image, string? Name)
    {
        public List<Instruction> Instructions { get; } = [];

        public IEnumerable<Instruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);
    }

    internal sealed record Instruction(string Keyword, string Arguments)
    {
        /// <summary>The words of a shell-form argument list, leading <c>--flag=value</c> options separated.</summary>
        public (IReadOnlyDictionary<string, string> Flags, IReadOnlyList<string> Words) Split()
        {
            var flags = new Dictionary<string, string>();
            var words = Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            while (words.Count > 0 && words[0].StartsWith("--", StringComparison.Ordinal))
            {
                var flag = words[0][2..].Split('=', 2);
                flags[flag[0]] = flag.Length == 2 ? flag[1] : "true";
                words.RemoveAt(0);
            }

            return (flags, words);
        }
    }
}
