using System.Globalization;
using System.Text;
using AngleSharp.Dom;

namespace Scraper.Jobs.OldReddit;

/// <summary>Small pure helpers for reading values out of markup that real pages format in many ways.</summary>
internal static class HtmlText
{
    /// <summary>Trims and collapses every run of whitespace to one space: saved pages are often re-indented.</summary>
    public static string Collapse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Plain text of rendered markdown: one line per block (paragraph, list item, quote, heading).</summary>
    public static string PlainText(IElement markdown)
    {
        var lines = new List<string>();
        AppendBlocks(markdown, lines);
        return string.Join('\n', lines);
    }

    private static void AppendBlocks(IElement container, List<string> lines)
    {
        if (container.ChildElementCount == 0 || !container.Children.Any(IsBlock))
        {
            var text = Collapse(container.TextContent);
            if (text.Length > 0)
            {
                lines.Add(text);
            }

            return;
        }

        foreach (var child in container.Children)
        {
            if (child.LocalName is "ul" or "ol" or "blockquote" or "div")
            {
                AppendBlocks(child, lines);
            }
            else
            {
                var text = Collapse(child.TextContent);
                if (text.Length > 0)
                {
                    lines.Add(text);
                }
            }
        }
    }

    private static bool IsBlock(IElement element) => element.LocalName is "p" or "ul" or "ol" or "li" or "blockquote"
        or "pre" or "div" or "table" or "hr" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6";

    /// <summary>Whether the element's class attribute holds the token. Reads the attribute text: the element's
    /// ClassList (which class selectors use) is built, and kept, on first use, one list per element.</summary>
    public static bool HasClass(IElement element, string token)
    {
        var classes = element.GetAttribute("class").AsSpan();
        foreach (var range in classes.SplitAny(AsciiWhitespace))
        {
            if (classes[range].SequenceEqual(token))
            {
                return true;
            }
        }

        return false;
    }

    // What HTML splits a class attribute on.
    private const string AsciiWhitespace = " \t\n\f\r";

    public static bool ContainsIgnoreCase(string? text, string value) =>
        text is not null && text.Contains(value, StringComparison.OrdinalIgnoreCase);

    /// <summary>The first whole number in the text, thousands separators allowed ("8,724 points", "41 comments").</summary>
    public static long? FirstNumber(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var start = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsAsciiDigit(text[i]))
            {
                start = i;
                break;
            }
        }

        if (start < 0)
        {
            return null;
        }

        var digits = new StringBuilder();
        for (var i = start; i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == ','); i++)
        {
            if (text[i] != ',')
            {
                digits.Append(text[i]);
            }
        }

        return long.TryParse(digits.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
    }

    public static long? ParseLong(string? text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static DateTimeOffset? ParseUnixMilliseconds(string? text) =>
        ParseLong(text) is { } ms and >= -62135596800000 and <= 253402300799999
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;

    public static DateTimeOffset? ParseIsoTime(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value.ToUniversalTime()
            : null;

    /// <summary>Resolves a page link: relative against the page, protocol-relative as https (reddit's media
    /// hosts serve only https); null when the value is no URL at all.</summary>
    public static Uri? Resolve(Uri page, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (value.StartsWith("//", StringComparison.Ordinal))
        {
            return Uri.TryCreate("https:" + value, UriKind.Absolute, out var media) ? media : null;
        }

        return Uri.TryCreate(page, value, out var resolved) && resolved.IsAbsoluteUri ? resolved : null;
    }

    /// <summary>The value of one query parameter, without rebuilding the query (real next links carry noise such
    /// as utm_* and a stray <c>&amp;amp=&amp;</c>).</summary>
    public static string? QueryParameter(Uri uri, string name)
    {
        var query = uri.Query.AsSpan().TrimStart('?');
        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            var equals = pair.IndexOf('=');
            if (equals > 0 && pair[..equals].SequenceEqual(name))
            {
                return Uri.UnescapeDataString(pair[(equals + 1)..].ToString());
            }
        }

        return null;
    }
}
