using System.Globalization;

namespace FtActors.Configuration;

/// <summary>
/// Raised for a HOCON file Akka's parser rejects, a missing or cyclic include, syntax that parser would
/// misread, and a value that does not convert to what a setting needs. The message starts with the location
/// when one is known, as <c>file:line:column: reason</c>; the parts are also properties.
/// </summary>
/// <remarks>
/// FtActors.Configuration depends on no other FtActors assembly, so this derives from <see cref="Exception"/>
/// rather than from the runtime's <c>FtActorsException</c>. It is not Akka's
/// <c>Akka.Configuration.ConfigurationException</c>, which carries no location.
/// </remarks>
public sealed class ConfigurationException : Exception
{
    /// <summary>Creates an exception with no location.</summary>
    public ConfigurationException()
        : this("invalid configuration")
    {
    }

    /// <summary>Creates an exception whose reason is <paramref name="message"/> and has no location.</summary>
    public ConfigurationException(string message)
        : this(message, null, null, 0, 0)
    {
    }

    /// <summary>Wraps an underlying failure (for example an I/O error while reading a file).</summary>
    public ConfigurationException(string message, Exception innerException)
        : this(message, null, null, 0, 0, innerException)
    {
    }

    /// <summary>Creates an exception with a location; <paramref name="line"/> 0 means unknown.</summary>
    public ConfigurationException(string reason, string? path, string? file, int line, int column, Exception? innerException = null)
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

    /// <summary>The setting (a HOCON path such as <c>ftactors.health.poll-interval</c> or a configuration key) when known.</summary>
    public string? Path { get; }

    /// <summary>The file the error is in, as it was named to the loader; null when unknown or for text.</summary>
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

        return string.Create(CultureInfo.InvariantCulture, $"{file ?? "<text>"}:{line}:{column}: {reason}");
    }
}
