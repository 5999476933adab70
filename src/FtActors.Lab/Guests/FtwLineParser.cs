using System.Globalization;

namespace FtActors.Lab.Guests;

/// <summary>
/// Reads ftw's serial lines. The serial log also holds kernel messages and init's own lines, so
/// <see cref="TryParse"/> is the everyday entry: it says no to anything that is not exactly an ftw
/// line. <see cref="Parse"/> is for input that must be one (the output of <c>ftw expect</c>) and says
/// what was wrong and at which column.
/// </summary>
public static class FtwLineParser
{
    /// <summary>Parses one line; false for anything that is not a complete ftw line.</summary>
    public static bool TryParse(string? line, out FtwLine? result) =>
        (result = ParseCore(line, out _)) is not null;

    /// <summary>Parses a line that must be an ftw line.</summary>
    /// <exception cref="FtwFormatException">It is not; the message gives expected, found and column.</exception>
    public static FtwLine Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return ParseCore(line, out var error)
            ?? throw new FtwFormatException(error.Expected, error.Found, error.Column);
    }

    private static FtwLine? ParseCore(string? line, out (string Expected, string Found, int Column) error)
    {
        error = default;
        if (line is null)
        {
            error = ("a line", "null", 1);
            return null;
        }

        // Serial consoles end lines with \r\n; a trailing \r is not part of the message.
        var text = line.TrimEnd('\r', '\n');
        var fields = text.Split(' ');
        var column = 1;
        if (fields.Length < 3 || fields[0] != "ftw")
        {
            error = ("'ftw <workload> ...'", Quote(text), 1);
            return null;
        }

        column += fields[0].Length + 1;
        var workload = fields[1];
        if (workload.Length == 0 || !workload.All(char.IsAsciiLetterLower))
        {
            error = ("a workload name of lowercase letters", Quote(workload), column);
            return null;
        }

        column += workload.Length + 1;
        var kind = fields[2] switch
        {
            "ready" => FtwLineKind.Ready,
            "freed" => FtwLineKind.Freed,
            _ => FtwLineKind.Iteration,
        };
        var rest = kind == FtwLineKind.Iteration ? fields.AsSpan(2) : fields.AsSpan(3);
        if (kind != FtwLineKind.Iteration)
        {
            column += fields[2].Length + 1;
        }

        string[] required = kind == FtwLineKind.Iteration ? ["iter", "sum"] : ["mb"];
        ulong iteration = 0, sum = 0, mb = 0;
        ulong? ms = null;
        for (var i = 0; i < rest.Length; i++)
        {
            var field = rest[i];
            var key = i < required.Length ? required[i] : "ms";
            if (i > required.Length || !field.StartsWith(key + "=", StringComparison.Ordinal))
            {
                error = (i > required.Length ? "end of line" : $"'{key}=...'", Quote(field), column);
                return null;
            }

            var value = field[(key.Length + 1)..];
            var hex = key == "sum";
            if (!ulong.TryParse(value, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                || (hex && value.Length != 16))
            {
                error = (hex ? "16 hex digits" : "a whole number", Quote(value), column + key.Length + 1);
                return null;
            }

            switch (key)
            {
                case "iter": iteration = number; break;
                case "sum": sum = number; break;
                case "mb": mb = number; break;
                default: ms = number; break;
            }

            column += field.Length + 1;
        }

        if (rest.Length < required.Length)
        {
            error = ($"'{required[rest.Length]}=...'", "end of line", column);
            return null;
        }

        return new FtwLine(workload, kind, iteration, sum, mb, ms);
    }

    private static string Quote(string s) => "'" + (s.Length > 60 ? s[..60] + "..." : s) + "'";
}
