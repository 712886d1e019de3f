using System.Globalization;
using System.Text;

namespace Scraper.Web.Metrics.Influx;

/// <summary>InfluxDB line protocol (1.x and 2.x alike), written by hand: no InfluxDB client is served here, and
/// the format is small. Timestamps are milliseconds (<see cref="Precision"/>).</summary>
public static class LineProtocol
{
    /// <summary>The timestamp precision every point is written with, as the <c>/write</c> endpoint names it.</summary>
    public const string Precision = "ms";

    /// <summary>Appends <paramref name="point"/> and a newline. Tags with an empty value are left out (InfluxDB
    /// rejects them), and so are non-finite floats (line protocol has no NaN or infinity); a point left with no
    /// field at all is not written.</summary>
    /// <returns>Whether the point was written.</returns>
    public static bool Append(StringBuilder line, LinePoint point)
    {
        var start = line.Length;
        Escape(line, point.Measurement, measurement: true);
        foreach (var (key, value) in point.Tags.Where(t => t.Value.Length > 0).OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            line.Append(',');
            Escape(line, key, measurement: false);
            line.Append('=');
            Escape(line, value, measurement: false);
        }

        var separator = ' ';
        foreach (var (key, value) in point.Fields)
        {
            if (value is double d && !double.IsFinite(d))
            {
                continue;
            }

            line.Append(separator);
            separator = ',';
            Escape(line, key, measurement: false);
            line.Append('=');
            AppendValue(line, value);
        }

        if (separator == ' ')
        {
            line.Length = start;
            return false;
        }

        line.Append(' ').Append(point.TimestampMs.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return true;
    }

    /// <summary>One point as a line (without the newline), or null when it has no writable field.</summary>
    public static string? Format(LinePoint point)
    {
        var line = new StringBuilder();
        return Append(line, point) ? line.ToString(0, line.Length - 1) : null;
    }

    private static void AppendValue(StringBuilder line, object value)
    {
        switch (value)
        {
            case double d:
                line.Append(d.ToString("R", CultureInfo.InvariantCulture));
                break;
            case long or int:
                line.Append(Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)).Append('i');
                break;
            case bool b:
                line.Append(b ? "true" : "false");
                break;
            case string s:
                line.Append('"');
                foreach (var c in s)
                {
                    if (c is '"' or '\\')
                    {
                        line.Append('\\');
                    }

                    line.Append(c);
                }

                line.Append('"');
                break;
            default:
                throw new ArgumentException("A field value must be a double, long, int, bool or string, not " + value.GetType().Name + ".", nameof(value));
        }
    }

    // Measurements escape commas and spaces; tag keys, tag values and field keys also equals signs. A line break
    // cannot be escaped anywhere but in a string field, so it becomes a space.
    private static void Escape(StringBuilder line, string text, bool measurement)
    {
        foreach (var c in text)
        {
            if (c is ',' or ' ' || (c == '=' && !measurement))
            {
                line.Append('\\').Append(c);
            }
            else if (c is '\n' or '\r')
            {
                line.Append("\\ ");
            }
            else
            {
                line.Append(c);
            }
        }
    }
}
