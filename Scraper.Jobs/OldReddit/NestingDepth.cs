using System.Buffers;

namespace Scraper.Jobs.OldReddit;

/// <summary>How deep a page's elements nest, found by one linear pass over the markup before any parser sees it:
/// AngleSharp's tree building costs more than quadratic time in the depth (12,500 nested divs 0.7 s, 50,000 4.7 s,
/// 200,000 minutes), so a page too deep to be reddit's is named and never parsed.</summary>
/// <remarks>It counts start tags less end tags, the way well-formed markup nests, not the way an HTML parser repairs
/// broken markup: void elements, self-closing tags, comments, doctypes, processing instructions and the raw text of
/// <c>script</c>, <c>style</c>, <c>textarea</c> and <c>title</c> do not count, and the depth never goes below 0.
/// Unclosed optional tags (<c>p</c>, <c>li</c>) count as open, so it errs on the deep side.</remarks>
public static class NestingDepth
{
    /// <summary>The deepest page <see cref="PageReader"/> parses. The 20 real pages in <c>testdata/oldreddit</c> measure
    /// at most 39 (a 2017 submission page of 0.9 MB; the 1.1 MB one with about 200 comments: 32). 500 is some 13 times
    /// that, and stays under AngleSharp's own <c>MaximumDepth</c> (512), past which it would build a tree other than
    /// the markup's; AngleSharp builds a 500-deep tree in 2 ms.</summary>
    public const int Limit = 500;

    private static readonly string[] VoidElements =
        ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];

    private static readonly string[] RawTextElements = ["script", "style", "textarea", "title"];

    private static readonly SearchValues<char> NameEnd = SearchValues.Create(" \t\n\r\f/>");

    private static readonly SearchValues<char> QuoteOrTagEnd = SearchValues.Create("\"'>");

    /// <summary>The deepest open-element depth in <paramref name="html"/>, or the first depth past
    /// <paramref name="limit"/>, where the scan stops.</summary>
    public static int Measure(ReadOnlySpan<char> html, int limit = Limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var depth = 0;
        var deepest = 0;
        var i = 0;
        while (i < html.Length)
        {
            var lt = html[i..].IndexOf('<');
            if (lt < 0)
            {
                break;
            }

            i += lt;
            var rest = html[i..];
            if (rest.StartsWith("<!--", StringComparison.Ordinal))
            {
                i = SkipPast(html, i + 4, "-->");
                continue;
            }

            if (rest.Length > 1 && rest[1] is '!' or '?')
            {
                // A doctype, a CDATA section, a processing instruction or a bogus comment: none opens an element.
                i = SkipPast(html, i + 2, ">");
                continue;
            }

            var closing = rest.Length > 1 && rest[1] == '/';
            var nameStart = closing ? 2 : 1;
            var nameLength = NameLength(rest[nameStart..]);
            if (nameLength == 0)
            {
                // "<" that starts no tag ("a < b", "</ "): text.
                i++;
                continue;
            }

            var name = rest.Slice(nameStart, nameLength);
            var end = TagEnd(html, i + nameStart + nameLength);
            if (closing)
            {
                depth = Math.Max(0, depth - 1);
                i = end;
                continue;
            }

            var selfClosing = end - 2 > i && html[end - 2] == '/';
            i = end;
            if (selfClosing || IsOneOf(name, VoidElements))
            {
                continue;
            }

            if (IsOneOf(name, RawTextElements))
            {
                // Its text is not markup, and its end tag closes it.
                i = SkipRawText(html, i, name);
                continue;
            }

            depth++;
            if (depth > deepest)
            {
                deepest = depth;
                if (deepest > limit)
                {
                    return deepest;
                }
            }
        }

        return deepest;
    }

    /// <summary>The length of the tag name that starts <paramref name="text"/>: a letter, then anything up to
    /// white space, <c>/</c> or <c>&gt;</c>.</summary>
    private static int NameLength(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || !char.IsAsciiLetter(text[0]))
        {
            return 0;
        }

        var length = text.IndexOfAny(NameEnd);
        return length < 0 ? text.Length : length;
    }

    /// <summary>Just past the <c>&gt;</c> that ends a tag, skipping quoted attribute values.</summary>
    private static int TagEnd(ReadOnlySpan<char> html, int from)
    {
        var i = from;
        while (i < html.Length)
        {
            var next = html[i..].IndexOfAny(QuoteOrTagEnd);
            if (next < 0)
            {
                return html.Length;
            }

            i += next;
            if (html[i] == '>')
            {
                return i + 1;
            }

            var close = html[(i + 1)..].IndexOf(html[i]);
            if (close < 0)
            {
                return html.Length;
            }

            i += close + 2;
        }

        return html.Length;
    }

    private static int SkipPast(ReadOnlySpan<char> html, int from, string marker)
    {
        var found = html[from..].IndexOf(marker, StringComparison.Ordinal);
        return found < 0 ? html.Length : from + found + marker.Length;
    }

    /// <summary>Just past the end tag of the raw-text element <paramref name="name"/>, whose text starts at
    /// <paramref name="from"/>.</summary>
    private static int SkipRawText(ReadOnlySpan<char> html, int from, ReadOnlySpan<char> name)
    {
        var i = from;
        while (i < html.Length)
        {
            var next = html[i..].IndexOf("</", StringComparison.Ordinal);
            if (next < 0)
            {
                return html.Length;
            }

            i += next + 2;
            var rest = html[i..];
            if (rest.Length >= name.Length && rest[..name.Length].Equals(name, StringComparison.OrdinalIgnoreCase)
                && (rest.Length == name.Length || rest[name.Length] is ' ' or '\t' or '\n' or '\r' or '\f' or '/' or '>'))
            {
                return TagEnd(html, i + name.Length);
            }
        }

        return html.Length;
    }

    private static bool IsOneOf(ReadOnlySpan<char> name, string[] names)
    {
        foreach (var candidate in names)
        {
            if (name.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
