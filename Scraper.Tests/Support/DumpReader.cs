using System.Text;
using System.Text.Json;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Scraper.Tests.Support;

/// <summary>Reads a Reddit dump the way the community's scripts read Pushshift's and Arctic Shift's (e.g. Watchful1's
/// PushshiftDumps <c>single_file.py</c>): zstd with a 2 GB window allowed (<c>max_window_size=2**31</c>), decoded as
/// UTF-8, one JSON object a line, <c>int(obj["created_utc"])</c>.</summary>
internal static class DumpReader
{
    public static List<JsonElement> Read(string path)
    {
        using var file = File.OpenRead(path);
        using var zstd = new DecompressionStream(file);
        zstd.SetParameter(ZSTD_dParameter.ZSTD_d_windowLogMax, 31);
        using var reader = new StreamReader(zstd, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        var objects = new List<JsonElement>();
        while (reader.ReadLine() is { } line)
        {
            objects.Add(JsonDocument.Parse(line).RootElement.Clone());
        }

        return objects;
    }

    /// <summary><c>int(created_utc)</c>: the dumps' creation time, a whole number of seconds.</summary>
    public static long CreatedUtc(JsonElement thing) => thing.GetProperty("created_utc").GetInt64();
}
