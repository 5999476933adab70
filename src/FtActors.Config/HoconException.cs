using System.Globalization;

namespace FtActors.Config;

/// <summary>
/// Raised for malformed HOCON, unresolvable substitutions, missing include files and values that do
/// not convert to the requested type. The message always starts with the location when one is known,
/// as <c>file:line:column: reason</c>, and the parts are also available as properties.
/// </summary>
/// <remarks>
/// FtActors.Config depends on no other FtActors assembly, so this derives from <see cref="Exception"/>
/// rather than from the runtime's <c>FtActorsException</c>.
/// </remarks>
public sealed class HoconException : Exception
{
    /// <summary>Creates an exception with no location.</summary>
    public HoconException()
        : this("invalid HOCON configuration")
    {
    }

    /// <summary>Creates an exception whose reason is <paramref name="message"/> and has no location.</summary>
    public HoconException(string message)
        : this(message, null, null, 0, 0)
    {
    }

    /// <summary>Wraps an underlying failure (for example an I/O error while reading an include).</summary>
    public HoconException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>Creates an exception with a location; <paramref name="line"/> 0 means unknown.</summary>
    public HoconException(string reason, string? path, string? file, int line, int column, Exception? innerException = null)
        : base(Format(reason, file, line, column), innerException)
    {
        Reason = reason;
        Path = path;
        File = file;
        Line = line;
        Column = column;
    }

    /// <summary>What was expected and what was found, without the location prefix.</summary>
    public string Reason { get; }

    /// <summary>The configuration path (for example <c>cluster.heartbeat-interval</c>) when known.</summary>
    public string? Path { get; }

    /// <summary>The file the error is in, as it was named to the parser; null for text parsed from a string.</summary>
    public string? File { get; }

    /// <summary>1-based line of the error, 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>1-based column (UTF-16 code units) of the error, 0 when unknown.</summary>
    public int Column { get; }

    private static string Format(string reason, string? file, int line, int column)
    {
        if (line <= 0)
        {
            return file is null ? reason : string.Create(CultureInfo.InvariantCulture, $"{file}: {reason}");
        }

        var where = file ?? "<text>";
        return string.Create(CultureInfo.InvariantCulture, $"{where}:{line}:{column}: {reason}");
    }
}
