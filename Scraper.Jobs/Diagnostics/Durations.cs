using System.Globalization;

namespace Scraper.Jobs.Diagnostics;

/// <summary>Durations as people write them in a setting: <c>90m</c>, <c>1h</c>, <c>24h</c>, <c>7d</c>, <c>2w</c>
/// (seconds, minutes, hours, days, weeks), in a list separated by commas or spaces.</summary>
public static class Durations
{
    private static readonly (char Unit, TimeSpan Size)[] Units =
        [('s', TimeSpan.FromSeconds(1)), ('m', TimeSpan.FromMinutes(1)), ('h', TimeSpan.FromHours(1)), ('d', TimeSpan.FromDays(1)), ('w', TimeSpan.FromDays(7))];

    /// <summary>The durations of <paramref name="text"/>, ascending and distinct; the first item that is no duration
    /// in <paramref name="bad"/> (and an empty list).</summary>
    public static IReadOnlyList<TimeSpan> ParseList(string text, out string? bad)
    {
        bad = null;
        var durations = new SortedSet<TimeSpan>();
        foreach (var item in text.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (TryParse(item, out var duration))
            {
                durations.Add(duration);
            }
            else
            {
                bad = item;
                return [];
            }
        }

        return [.. durations];
    }

    /// <summary>The duration the way <see cref="ParseList"/> reads it: whole days from 2 days up, else whole hours,
    /// minutes or seconds.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration >= TimeSpan.FromDays(2) && duration.Ticks % TimeSpan.TicksPerDay == 0)
        {
            return ((long)duration.TotalDays).ToString(CultureInfo.InvariantCulture) + "d";
        }

        foreach (var (unit, size) in Units.Take(3).Reverse())
        {
            if (duration.Ticks % size.Ticks == 0)
            {
                return (duration.Ticks / size.Ticks).ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return ((long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
    }

    private static bool TryParse(string item, out TimeSpan duration)
    {
        duration = default;
        var unit = Array.FindIndex(Units, u => item.Length > 1 && u.Unit == char.ToLowerInvariant(item[^1]));
        if (unit < 0 || !long.TryParse(item.AsSpan(0, item.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count <= 0 || count > 3650)
        {
            return false;
        }

        duration = Units[unit].Size * count;
        return true;
    }
}
