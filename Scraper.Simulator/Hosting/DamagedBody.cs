using System.Text;
using Microsoft.AspNetCore.Http;

namespace Scraper.Simulator.Hosting;

/// <summary>The bodies of <see cref="FaultKind.Nested"/>, <see cref="FaultKind.Huge"/> and
/// <see cref="FaultKind.Endless"/> and <see cref="FaultKind.Trickle"/>, streamed from a few small buffers made once: the simulator shares the process
/// with the tests that measure what a client allocates, and must not add a 50 MB body of its own.</summary>
internal static class DamagedBody
{
    private const int Chunk = 16 * 1024;

    private static readonly byte[] Head = "<!DOCTYPE html><html><head><title>damaged</title></head><body class=\"listing-page\">\n"u8.ToArray();
    private static readonly byte[] Tail = "</body></html>\n"u8.ToArray();
    private static readonly byte[] Opens = Repeat("<div>", Chunk);
    private static readonly byte[] Closes = Repeat("</div>", Chunk);
    private static readonly byte[] Drop = "<p>.</p>\n"u8.ToArray();
    private static readonly byte[] Filler = Repeat("<div class=\"thing\"><p>filler</p></div>\n", Chunk);

    /// <summary>Sets the Content-Length (none for an endless body) and sends the body until it ends, the client
    /// leaves or <paramref name="stopping"/> fires.</summary>
    public static async Task WriteAsync(HttpResponse response, Fault fault, bool head, TimeProvider time, CancellationToken stopping)
    {
        var length = fault.Kind switch
        {
            FaultKind.Nested => Head.Length + (5L + 6L) * fault.Depth + Tail.Length,
            FaultKind.Huge => fault.Bytes,
            _ => (long?)null,
        };
        response.ContentLength = length;
        if (head)
        {
            return;
        }

        using var either = CancellationTokenSource.CreateLinkedTokenSource(response.HttpContext.RequestAborted, stopping);
        var cancel = either.Token;
        var body = response.Body;
        try
        {
            await body.WriteAsync(Head, cancel).ConfigureAwait(false);
            switch (fault.Kind)
            {
                case FaultKind.Nested:
                    await RepeatAsync(body, Opens, 5L * fault.Depth, cancel).ConfigureAwait(false);
                    await RepeatAsync(body, Closes, 6L * fault.Depth, cancel).ConfigureAwait(false);
                    await body.WriteAsync(Tail, cancel).ConfigureAwait(false);
                    break;
                case FaultKind.Huge:
                    await RepeatAsync(body, Filler, fault.Bytes - Head.Length - Tail.Length, cancel).ConfigureAwait(false);
                    await body.WriteAsync(Tail, cancel).ConfigureAwait(false);
                    break;
                case FaultKind.Trickle:
                    while (!cancel.IsCancellationRequested)
                    {
                        await body.WriteAsync(Drop, cancel).ConfigureAwait(false);
                        await body.FlushAsync(cancel).ConfigureAwait(false);
                        await Task.Delay(fault.Delay, time, cancel).ConfigureAwait(false);
                    }

                    break;
                default:
                    while (!cancel.IsCancellationRequested)
                    {
                        await body.WriteAsync(Filler, cancel).ConfigureAwait(false);
                    }

                    break;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && cancel.IsCancellationRequested)
        {
            // The client left, or the simulator is stopping: nobody is reading the rest.
            response.HttpContext.Abort();
        }
    }

    /// <summary>Exactly <paramref name="bytes"/> bytes of <paramref name="unit"/> over and over; the last copy cut
    /// where the count ends.</summary>
    private static async Task RepeatAsync(Stream body, byte[] unit, long bytes, CancellationToken cancel)
    {
        for (var left = bytes; left > 0; left -= unit.Length)
        {
            await body.WriteAsync(unit.AsMemory(0, (int)Math.Min(left, unit.Length)), cancel).ConfigureAwait(false);
        }
    }

    /// <summary>Whole copies of <paramref name="unit"/> filling about <paramref name="size"/> bytes, so a cut at a
    /// multiple of the unit's length never splits a tag.</summary>
    private static byte[] Repeat(string unit, int size)
    {
        var copies = size / unit.Length;
        return Encoding.ASCII.GetBytes(new StringBuilder(copies * unit.Length).Insert(0, unit, copies).ToString());
    }
}
