using System.Globalization;

namespace FtActors.Migration.Streaming;

/// <summary>
/// One line of <c>/proc/PID/maps</c>: <c>start-end perms offset dev inode [path]</c>, addresses and
/// offset in hex. Used to find where QEMU mapped a guest's RAM file.
/// </summary>
/// <param name="Start">First virtual address.</param>
/// <param name="End">One past the last virtual address.</param>
/// <param name="Permissions">e.g. <c>rw-s</c> (s: shared).</param>
/// <param name="Offset">File offset of <paramref name="Start"/>.</param>
/// <param name="Path">The mapped file, or empty for an anonymous mapping.</param>
public sealed record ProcMapsLine(ulong Start, ulong End, string Permissions, ulong Offset, string Path)
{
    /// <summary>Parses one line; <paramref name="lineNumber"/> is quoted in the error.</summary>
    /// <exception cref="MigrationException">The line is not in the maps format.</exception>
    public static ProcMapsLine Parse(string line, int lineNumber)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 5)
        {
            throw Bad(line, lineNumber, 1, $"at least 5 fields, found {fields.Length}");
        }

        var dash = fields[0].IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0
            || !ulong.TryParse(fields[0].AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var start)
            || !ulong.TryParse(fields[0].AsSpan(dash + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var end)
            || end < start)
        {
            throw Bad(line, lineNumber, 1, $"an address range start-end in hex with start <= end, found '{fields[0]}'");
        }

        if (fields[1].Length != 4)
        {
            throw Bad(line, lineNumber, fields[0].Length + 2, $"4 permission characters, found '{fields[1]}'");
        }

        if (!ulong.TryParse(fields[2], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var offset))
        {
            throw Bad(line, lineNumber, line.IndexOf(fields[2], StringComparison.Ordinal) + 1, $"a hex file offset, found '{fields[2]}'");
        }

        var path = fields.Length == 6 ? fields[5].Trim() : string.Empty;
        return new ProcMapsLine(start, end, fields[1], offset, path);
    }

    private static MigrationException Bad(string line, int lineNumber, int column, string what) =>
        new($"/proc/PID/maps line {lineNumber}:{column}: expected {what} (line: '{line}')");
}
