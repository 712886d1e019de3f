using System.Buffers;
using System.Text;

namespace Scraper.Simulator.Rendering;

/// <summary>A page being written as UTF-8 into a pooled buffer. Pages are 100–300 KB: built as strings they would
/// land on the large-object heap on every request, which is what kept a string-building server from serving
/// thousands of pages a second on two cores.</summary>
internal sealed class PageWriter : IDisposable
{
    private byte[] _buffer;
    private int _length;

    public PageWriter(int capacity = 256 * 1024) => _buffer = ArrayPool<byte>.Shared.Rent(capacity);

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    public int Length => _length;

    /// <summary>Markup that is already UTF-8 and safe as it is.</summary>
    public void Raw(ReadOnlySpan<byte> utf8)
    {
        Ensure(utf8.Length);
        utf8.CopyTo(_buffer.AsSpan(_length));
        _length += utf8.Length;
    }

    /// <summary>Markup written by this program (never a value from the world): copied without escaping.</summary>
    public void Raw(string markup) => Encode(markup.AsSpan());

    /// <summary>A value: HTML-escaped, so it is safe both as text and inside a double- or single-quoted
    /// attribute.</summary>
    public void Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        var rest = value.AsSpan();
        while (rest.Length > 0)
        {
            var special = rest.IndexOfAny("&<>\"'");
            if (special < 0)
            {
                Encode(rest);
                return;
            }

            Encode(rest[..special]);
            Raw(rest[special] switch
            {
                '&' => "&amp;"u8,
                '<' => "&lt;"u8,
                '>' => "&gt;"u8,
                '"' => "&quot;"u8,
                _ => "&#39;"u8,
            });
            rest = rest[(special + 1)..];
        }
    }

    public void Number(long value)
    {
        Ensure(20);
        value.TryFormat(_buffer.AsSpan(_length), out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
        _length += written;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Encode(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        Ensure(Encoding.UTF8.GetMaxByteCount(text.Length));
        _length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
    }

    private void Ensure(int more)
    {
        if (_length + more <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + more));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
