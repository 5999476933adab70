using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Akka.Configuration.Hocon;

namespace FtActors.Configuration;

/// <summary>
/// Durations and sizes read exactly as Akka's HOCON getters read them (<c>Config.GetTimeSpan</c>,
/// <c>Config.GetByteSize</c>), for text that reaches a setting without a HOCON tree around it: configuration
/// keys, environment variables, command-line options. Durations: a number and <c>ns</c>, <c>micros</c>,
/// <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>, <c>d</c> or their long forms (lowercase), a bare number meaning
/// milliseconds, never negative. Sizes: a whole number and <c>B</c>, <c>kB</c>/<c>MB</c>/... (powers of 10) or
/// <c>K</c>/<c>Ki</c>/<c>KiB</c>/<c>M</c>/... (powers of 2) or their long forms, a bare number meaning bytes.
/// </summary>
public static class HoconUnits
{
    private const string DurationExample = "a duration such as 10s, 250 ms or 2 minutes (ns, micros, ms, s, m, h, d or their long forms; a bare number is milliseconds)";
    private const string SizeExample = "a size such as 128MiB, 1 GB, 4k or 512 bytes (a whole number and B, kB, KiB, K, MB, MiB, M, ...; a bare number is bytes)";

    /// <summary>Parses a duration; throws <see cref="ConfigurationException"/> saying what was expected and found.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParseDuration(text, out var value, out var error) ? value : throw new ConfigurationException(error);
    }

    /// <summary>Parses a duration, returning false for text that is not one.</summary>
    public static bool TryParseDuration(string? text, out TimeSpan value) => TryParseDuration(text, out value, out _);

    /// <summary>Parses a size in bytes; throws <see cref="ConfigurationException"/> saying what was expected and found.</summary>
    public static long ParseSize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParseSize(text, out var value, out var error) ? value : throw new ConfigurationException(error);
    }

    /// <summary>Parses a size in bytes, returning false for text that is not one.</summary>
    public static bool TryParseSize(string? text, out long value) => TryParseSize(text, out value, out _);

    internal static bool TryParseDuration(string? text, out TimeSpan value, [NotNullWhen(false)] out string? error)
    {
        value = default;
        error = $"expected {DurationExample}, found '{text}'";
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        try
        {
            // Akka's own "infinite" (-1 ms) is refused: no FtActors setting expects a negative duration.
            value = Literal(text).GetTimeSpan(allowInfinite: false);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            // Akka's messages ("The input string was not in a correct format") say less than ours.
            return false;
        }

        error = null;
        return true;
    }

    internal static bool TryParseSize(string? text, out long value, [NotNullWhen(false)] out string? error)
    {
        value = 0;
        error = $"expected {SizeExample}, found '{text}'";
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        long? bytes;
        try
        {
            bytes = Literal(text).GetByteSize();
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            return false;
        }

        if (bytes is null || !FitsInLong(text.Trim()))
        {
            error = bytes is null ? error : $"expected a size that fits in 64 bits, found '{text}'";
            return false;
        }

        value = bytes.Value;
        error = null;
        return true;
    }

    /// <summary>
    /// Akka multiplies a size by its unit without overflow checking ("99999999999 EiB" comes back negative).
    /// Its split is: the unit is what follows the last digit. Ask Akka for one of that unit and multiply wide.
    /// Only called on text Akka has already accepted.
    /// </summary>
    private static bool FitsInLong(string text)
    {
        var last = text.AsSpan().LastIndexOfAnyInRange('0', '9');
        if (last < 0 || last + 1 >= text.Length)
        {
            return true;
        }

        var factor = Literal("1" + text[(last + 1)..]).GetByteSize() ?? 1;
        var number = long.Parse(text.AsSpan(0, last + 1), NumberStyles.Integer, CultureInfo.InvariantCulture);
        var product = (Int128)number * factor;
        return product >= long.MinValue && product <= long.MaxValue;
    }

    /// <summary>A one-literal HOCON value: what Akka's getters would see for <c>key = "text"</c>.</summary>
    private static HoconValue Literal(string text)
    {
        var value = new HoconValue();
        value.AppendValue(new HoconLiteral { Value = text });
        return value;
    }
}
