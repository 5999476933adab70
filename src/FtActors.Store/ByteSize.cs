using System.Globalization;

namespace FtActors.Store;

/// <summary>
/// Parses sizes as operators write them: "4096", "256MiB", "1.5GiB", "64K" (binary, as are M, G, T and
/// their "iB" forms) or "10MB" (decimal, the "B" forms). Used for store budgets.
/// </summary>
public static class ByteSize
{
    private static readonly (string Suffix, long Factor)[] Units =
    [
        ("TiB", 1L << 40), ("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10),
        ("TB", 1_000_000_000_000), ("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1_000),
        ("T", 1L << 40), ("G", 1L << 30), ("M", 1L << 20), ("K", 1L << 10), ("B", 1),
    ];

    /// <summary>Parses <paramref name="text"/>; false (with a reason) for anything else, never an exception.</summary>
    public static bool TryParse(string? text, out long bytes, out string error)
    {
        bytes = 0;
        string s = (text ?? string.Empty).Trim();
        long factor = 1;
        foreach ((string suffix, long f) in Units)
        {
            if (s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                factor = f;
                s = s[..^suffix.Length].TrimEnd();
                break;
            }
        }

        if (!decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal number))
        {
            error = $"expected a size such as 4096, 256MiB or 1.5GiB, found '{text}'";
            return false;
        }

        // Compare before multiplying: decimal itself overflows near 7.9e28.
        if (number > (decimal)long.MaxValue / factor)
        {
            error = $"expected a size below 8 EiB, found '{text}'";
            return false;
        }

        bytes = (long)(number * factor);
        error = string.Empty;
        return true;
    }

    /// <summary>Renders bytes with a binary unit, e.g. "1.5 GiB".</summary>
    public static string Format(long bytes)
    {
        string[] names = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        double v = bytes;
        int unit = 0;
        while (Math.Abs(v) >= 1024 && unit < names.Length - 1)
        {
            v /= 1024;
            unit++;
        }

        return unit == 0
            ? bytes.ToString(CultureInfo.InvariantCulture) + " B"
            : v.ToString("0.##", CultureInfo.InvariantCulture) + " " + names[unit];
    }
}
