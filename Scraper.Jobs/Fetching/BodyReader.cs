using System.Buffers;
using System.Net.Http.Headers;
using System.Text;

namespace Scraper.Jobs.Fetching;

/// <summary>Reads a response body up to a cap and no further: a hostile or broken response (50 MB, endless) costs
/// at most the cap in memory, not the whole body two or three times over as <c>ReadAsStringAsync</c> would.</summary>
internal static class BodyReader
{
    private const int FirstBuffer = 64 * 1024;

    /// <summary>The body, decoded; or null when it is longer than <paramref name="maxBytes"/> (its Content-Length
    /// says so, or the stream goes on past it), with <paramref name="maxBytes"/> + 1 or the Content-Length as
    /// its length.</summary>
    public static async Task<(string? Text, long Bytes)> ReadAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is { } declared && declared > maxBytes)
        {
            return (null, declared);
        }

        // Decompressed, when the handler decompresses: the cap is on what is parsed, not on what was sent.
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(content.Headers.ContentLength ?? FirstBuffer, maxBytes));
        try
        {
            var length = 0;
            while (length < maxBytes)
            {
                // A pooled buffer may be longer than asked for; the cap is the cap.
                var usable = Math.Min(buffer.Length, maxBytes);
                if (length == usable)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, maxBytes));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                    usable = Math.Min(buffer.Length, maxBytes);
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length, usable - length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return (Decode(buffer.AsSpan(0, length), content.Headers.ContentType), length);
                }

                length += read;
            }

            // Full at the cap: one byte more says there is more.
            return await stream.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) == 0
                ? (Decode(buffer.AsSpan(0, length), content.Headers.ContentType), length)
                : (null, (long)maxBytes + 1);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The charset of the Content-Type, else UTF-8 (what reddit sends); a byte order mark wins over both,
    /// as in <c>ReadAsStringAsync</c>.</summary>
    private static string Decode(ReadOnlySpan<byte> body, MediaTypeHeaderValue? type)
    {
        var encoding = Encoding.UTF8;
        if (type?.CharSet is { Length: > 0 } charset)
        {
            try
            {
                encoding = Encoding.GetEncoding(charset.Trim('"'));
            }
            catch (ArgumentException)
            {
                // An unknown charset: reddit's pages are UTF-8.
            }
        }

        if (body.StartsWith(Encoding.UTF8.Preamble))
        {
            return Encoding.UTF8.GetString(body[Encoding.UTF8.Preamble.Length..]);
        }

        return body.StartsWith(Encoding.Unicode.Preamble) ? Encoding.Unicode.GetString(body[2..])
            : body.StartsWith(Encoding.BigEndianUnicode.Preamble) ? Encoding.BigEndianUnicode.GetString(body[2..])
            : encoding.GetString(body);
    }
}
