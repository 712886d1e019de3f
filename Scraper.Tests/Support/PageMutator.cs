using System.Text;
using System.Text.RegularExpressions;

namespace Scraper.Tests.Support;

/// <summary>Damages a real page the ways pages get damaged: cut off, bytes flipped, tags dropped or
/// duplicated, attributes removed. Seeded, so a failing case can be replayed.</summary>
internal sealed partial class PageMutator(int seed)
{
    private static readonly char[] Noise = ['<', '>', '"', '\'', '=', '&', '/', ' ', '\n', 'x', '\0', '\uFFFD', '#', ';'];

    private readonly Random _random = new(seed);

    public string Mutate(string html, out string description)
    {
        var count = _random.Next(1, 6);
        var applied = new List<string>(count);
        for (var i = 0; i < count && html.Length > 0; i++)
        {
            (html, var what) = _random.Next(6) switch
            {
                0 => CutOff(html),
                1 => CutAndClose(html),
                2 => FlipCharacters(html),
                3 => DropTag(html),
                4 => DuplicateTag(html),
                _ => RemoveAttribute(html),
            };
            applied.Add(what);
        }

        description = string.Join(", ", applied);
        return html;
    }

    private (string, string) CutOff(string html)
    {
        var at = _random.Next(html.Length);
        return (html[..at], "cut at " + at);
    }

    // Cut, then close the document again, so the parser reads a whole-looking but partial page.
    private (string, string) CutAndClose(string html)
    {
        var at = _random.Next(html.Length);
        return (html[..at] + "</body></html>", "cut and closed at " + at);
    }

    private (string, string) FlipCharacters(string html)
    {
        var builder = new StringBuilder(html);
        var flips = _random.Next(1, 50);
        for (var i = 0; i < flips; i++)
        {
            builder[_random.Next(builder.Length)] = Noise[_random.Next(Noise.Length)];
        }

        return (builder.ToString(), flips + " characters flipped");
    }

    private (string, string) DropTag(string html)
    {
        var tag = RandomMatch(Tag(), html);
        return tag is null ? (html, "no tag to drop") : (html.Remove(tag.Index, tag.Length), "dropped " + Head(tag.Value));
    }

    private (string, string) DuplicateTag(string html)
    {
        var tag = RandomMatch(Tag(), html);
        return tag is null ? (html, "no tag to duplicate") : (html.Insert(tag.Index, tag.Value), "duplicated " + Head(tag.Value));
    }

    private (string, string) RemoveAttribute(string html)
    {
        var attribute = RandomMatch(Attribute(), html);
        return attribute is null
            ? (html, "no attribute to remove")
            : (html.Remove(attribute.Index, attribute.Length), "removed " + Head(attribute.Value));
    }

    private Match? RandomMatch(Regex regex, string html)
    {
        // Look near a random point rather than enumerating every match of a 1 MB page.
        var start = _random.Next(html.Length);
        var match = regex.Match(html, start);
        return match.Success ? match : regex.Match(html);
    }

    private static string Head(string value) => value.Length <= 40 ? value : value[..40] + "…";

    [GeneratedRegex(@"<[a-zA-Z/][^<>]{0,200}>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s[a-z-]+=""[^""]{0,300}""")]
    private static partial Regex Attribute();
}
