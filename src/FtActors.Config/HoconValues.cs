using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace FtActors.Config;

/// <summary>
/// Parses HOCON's unit formats: durations (<c>10s</c>, <c>250 ms</c>, <c>2 minutes</c>; a bare number
/// is milliseconds) and sizes (<c>128MiB</c>, <c>1 GB</c>, <c>4k</c>; a bare number is bytes). Unit
/// names are exactly those listed by the HOCON specification. Use these when binding options from
/// Microsoft.Extensions.Configuration, where such values stay strings.
/// </summary>
public static partial class HoconValues
{
    private const long NanosPerTick = 100;

    private static readonly Dictionary<string, long> DurationUnits = BuildDurationUnits();
    private static readonly Dictionary<string, decimal> SizeUnits = BuildSizeUnits();

    /// <summary>Parses a duration; throws <see cref="HoconException"/> saying what was wrong.</summary>
    /// <remarks>Values finer than a <see cref="TimeSpan"/> tick (100 ns) are truncated toward zero.</remarks>
    public static TimeSpan ParseDuration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParseDuration(text, out var value, out var error) ? value : throw new HoconException(error);
    }

    /// <summary>Parses a duration, returning false for text that is not one.</summary>
    public static bool TryParseDuration(string? text, out TimeSpan value) => TryParseDuration(text, out value, out _);

    /// <summary>Parses a size in bytes; throws <see cref="HoconException"/> saying what was wrong.</summary>
    /// <remarks>Fractions of a byte (<c>1.5B</c>) are truncated toward zero.</remarks>
    public static long ParseSize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParseSize(text, out var value, out var error) ? value : throw new HoconException(error);
    }

    /// <summary>Parses a size in bytes, returning false for text that is not one.</summary>
    public static bool TryParseSize(string? text, out long value) => TryParseSize(text, out value, out _);

    internal static bool TryParseDuration(string? text, out TimeSpan value, [NotNullWhen(false)] out string? error)
    {
        value = default;
        if (!TrySplit(text, out var number, out var unit))
        {
            error = $"expected a duration such as 10s, 250 ms or 2 minutes, found '{text}'";
            return false;
        }

        var nanos = 1_000_000L;
        if (unit.Length > 0 && !DurationUnits.TryGetValue(unit, out nanos))
        {
            error = $"expected a duration unit (ns, us, ms, s, m, h, d or their long forms, lowercase), found '{unit}' in '{text}'";
            return false;
        }

        try
        {
            var ticks = decimal.Truncate(number * nanos / NanosPerTick);
            if (ticks > long.MaxValue || ticks < long.MinValue)
            {
                error = $"expected a duration that fits in a TimeSpan, found '{text}'";
                return false;
            }

            value = TimeSpan.FromTicks((long)ticks);
            error = null;
            return true;
        }
        catch (OverflowException)
        {
            error = $"expected a duration that fits in a TimeSpan, found '{text}'";
            return false;
        }
    }

    internal static bool TryParseSize(string? text, out long value, [NotNullWhen(false)] out string? error)
    {
        value = 0;
        if (!TrySplit(text, out var number, out var unit))
        {
            error = $"expected a size such as 128MiB, 1 GB, 4k or 512 bytes, found '{text}'";
            return false;
        }

        var multiplier = 1m;
        if (unit.Length > 0 && !SizeUnits.TryGetValue(unit, out multiplier))
        {
            error = $"expected a size unit (B, kB, KiB, K, MB, MiB, M, GB, GiB, G, ... or their long forms), found '{unit}' in '{text}'";
            return false;
        }

        try
        {
            var bytes = decimal.Truncate(number * multiplier);
            if (bytes > long.MaxValue || bytes < long.MinValue)
            {
                error = $"expected a size that fits in 64 bits, found '{text}'";
                return false;
            }

            value = (long)bytes;
            error = null;
            return true;
        }
        catch (OverflowException)
        {
            error = $"expected a size that fits in 64 bits, found '{text}'";
            return false;
        }
    }

    /// <summary>The spec's unit format: optional whitespace, a number, optional whitespace, optional letters, optional whitespace.</summary>
    private static bool TrySplit(string? text, out decimal number, out string unit)
    {
        number = 0;
        unit = string.Empty;
        if (text is null)
        {
            return false;
        }

        Match match;
        try
        {
            match = UnitPattern().Match(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }

        if (!match.Success)
        {
            return false;
        }

        unit = match.Groups["unit"].Value;
        return decimal.TryParse(match.Groups["number"].ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }

    [GeneratedRegex(@"^\s*(?<number>[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?)\s*(?<unit>\p{L}*)\s*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex UnitPattern();

    private static Dictionary<string, long> BuildDurationUnits()
    {
        var units = new Dictionary<string, long>(StringComparer.Ordinal);
        void Add(long nanos, params string[] names)
        {
            foreach (var name in names)
            {
                units[name] = nanos;
            }
        }

        Add(1, "ns", "nano", "nanos", "nanosecond", "nanoseconds");
        Add(1_000, "us", "micro", "micros", "microsecond", "microseconds");
        Add(1_000_000, "ms", "milli", "millis", "millisecond", "milliseconds");
        Add(1_000_000_000, "s", "second", "seconds");
        Add(60_000_000_000, "m", "minute", "minutes");
        Add(3_600_000_000_000, "h", "hour", "hours");
        Add(86_400_000_000_000, "d", "day", "days");
        return units;
    }

    private static Dictionary<string, decimal> BuildSizeUnits()
    {
        var units = new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            ["B"] = 1, ["b"] = 1, ["byte"] = 1, ["bytes"] = 1,
        };
        string[] decimalNames = ["kilo", "mega", "giga", "tera", "peta", "exa", "zetta", "yotta"];
        string[] binaryNames = ["kibi", "mebi", "gibi", "tebi", "pebi", "exbi", "zebi", "yobi"];
        const string letters = "KMGTPEZY";
        decimal power10 = 1, power2 = 1;
        for (var i = 0; i < letters.Length; i++)
        {
            power10 *= 1000;
            power2 *= 1024;
            var upper = letters[i].ToString();
            var lower = upper.ToLowerInvariant();

            // Decimal: "kB" (lowercase k by SI), "MB", ...
            var decimalShort = (i == 0 ? "k" : upper) + "B";
            units[decimalShort] = power10;
            units[decimalNames[i] + "byte"] = power10;
            units[decimalNames[i] + "bytes"] = power10;

            // Binary: single letters either case, "Ki", "KiB", long forms.
            units[upper] = power2;
            units[lower] = power2;
            units[upper + "i"] = power2;
            units[upper + "iB"] = power2;
            units[binaryNames[i] + "byte"] = power2;
            units[binaryNames[i] + "bytes"] = power2;
        }

        return units;
    }
}
