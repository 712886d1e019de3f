using System.Text;
using System.Text.RegularExpressions;

namespace Scraper.Simulator.Rendering;

/// <summary>Real markup with named holes (<c>{{Name}}</c>), split once at startup into pre-encoded UTF-8 pieces,
/// so that serving a page is copying bytes and writing the values: no parsing per request.</summary>
internal sealed partial class Template<THole>
    where THole : struct, Enum
{
    private readonly byte[][] _literals;
    private readonly THole[] _holes;

    private Template(byte[][] literals, THole[] holes)
    {
        _literals = literals;
        _holes = holes;
    }

    public static Template<THole> Parse(string text)
    {
        var literals = new List<byte[]>();
        var holes = new List<THole>();
        var start = 0;
        foreach (Match match in Hole().Matches(text))
        {
            literals.Add(Encoding.UTF8.GetBytes(text[start..match.Index]));
            holes.Add(Enum.Parse<THole>(match.Groups[1].Value));
            start = match.Index + match.Length;
        }

        literals.Add(Encoding.UTF8.GetBytes(text[start..]));
        return new Template<THole>([.. literals], [.. holes]);
    }

    public bool Has(THole hole) => Array.IndexOf(_holes, hole) >= 0;

    /// <summary>Writes the template, calling <paramref name="fill"/> for each hole in order. A static lambda and
    /// a state argument keep this free of allocation.</summary>
    public void Render<TState>(PageWriter writer, TState state, Action<PageWriter, THole, TState> fill)
    {
        for (var i = 0; i < _holes.Length; i++)
        {
            writer.Raw(_literals[i]);
            fill(writer, _holes[i], state);
        }

        writer.Raw(_literals[^1]);
    }

    [GeneratedRegex(@"\{\{([A-Za-z]+)\}\}")]
    private static partial Regex Hole();
}
