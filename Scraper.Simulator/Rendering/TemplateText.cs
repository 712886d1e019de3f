using System.Text.RegularExpressions;

namespace Scraper.Simulator.Rendering;

/// <summary>Cuts holes into a real page's text. Each edit says how often its anchor must occur and throws, naming
/// the page and the anchor, when it does not: a template that silently kept a real value would serve that value
/// for every post.</summary>
internal sealed class TemplateText(string source, string text)
{
    public string Text { get; private set; } = text;

    /// <summary>Replaces the only occurrence of <paramref name="anchor"/>.</summary>
    public TemplateText Once(string anchor, string replacement)
    {
        var first = Text.IndexOf(anchor, StringComparison.Ordinal);
        if (first < 0 || Text.IndexOf(anchor, first + 1, StringComparison.Ordinal) >= 0)
        {
            throw Missing(anchor, first < 0 ? "not found" : "found more than once");
        }

        Text = string.Concat(Text.AsSpan(0, first), replacement, Text.AsSpan(first + anchor.Length));
        return this;
    }

    /// <summary>Replaces every occurrence of <paramref name="anchor"/>; there must be at least one unless
    /// <paramref name="optional"/>.</summary>
    public TemplateText All(string anchor, string replacement, bool optional = false)
    {
        if (!optional && !Text.Contains(anchor, StringComparison.Ordinal))
        {
            throw Missing(anchor, "not found");
        }

        Text = Text.Replace(anchor, replacement, StringComparison.Ordinal);
        return this;
    }

    /// <summary>Replaces the only match of <paramref name="pattern"/> (or none, when <paramref name="optional"/>).</summary>
    public TemplateText Once(Regex pattern, string replacement, bool optional = false)
    {
        var matches = pattern.Matches(Text);
        if (matches.Count > 1 || (matches.Count == 0 && !optional))
        {
            throw Missing(pattern.ToString(), matches.Count == 0 ? "not found" : "found " + matches.Count + " times");
        }

        if (matches.Count == 1)
        {
            var match = matches[0];
            Text = string.Concat(Text.AsSpan(0, match.Index), replacement, Text.AsSpan(match.Index + match.Length));
        }

        return this;
    }

    /// <summary>Checks that no trace of the sample the template was cut from is left.</summary>
    public TemplateText Without(params string[] leftovers)
    {
        foreach (var leftover in leftovers)
        {
            var at = Text.IndexOf(leftover, StringComparison.Ordinal);
            if (at >= 0)
            {
                throw new InvalidOperationException(
                    "Template " + source + ": the sample's value \"" + leftover + "\" is still there near \""
                    + Text.Substring(Math.Max(0, at - 60), Math.Min(120, Text.Length - Math.Max(0, at - 60))) + "\".");
            }
        }

        return this;
    }

    /// <summary>The element whose start tag begins with <paramref name="startTag"/>, up to its matching
    /// <c>&lt;/div&gt;</c> (counting nested divs; the parts of the pages cut this way hold no scripts).</summary>
    public (int Start, int End) Div(string startTag, int from = 0)
    {
        var start = Text.IndexOf(startTag, from, StringComparison.Ordinal);
        if (start < 0)
        {
            throw Missing(startTag, "not found");
        }

        var depth = 0;
        var at = start;
        while (true)
        {
            var open = Text.IndexOf("<div", at, StringComparison.Ordinal);
            var close = Text.IndexOf("</div>", at, StringComparison.Ordinal);
            if (close < 0)
            {
                throw Missing(startTag, "has no end");
            }

            if (open >= 0 && open < close)
            {
                depth++;
                at = open + 4;
                continue;
            }

            depth--;
            at = close + 6;
            if (depth == 0)
            {
                return (start, at);
            }
        }
    }

    public string Slice((int Start, int End) range) => Text[range.Start..range.End];

    /// <summary>Replaces a range found with <see cref="Div"/>.</summary>
    public TemplateText Replace((int Start, int End) range, string replacement)
    {
        Text = string.Concat(Text.AsSpan(0, range.Start), replacement, Text.AsSpan(range.End));
        return this;
    }

    private InvalidOperationException Missing(string anchor, string what) =>
        new("Template " + source + ": \"" + (anchor.Length > 100 ? anchor[..100] + "…" : anchor) + "\" " + what
            + ". The embedded page changed; see Scraper.Simulator/TEMPLATES.md.");
}
