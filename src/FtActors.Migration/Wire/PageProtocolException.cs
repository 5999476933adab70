namespace FtActors.Migration.Wire;

/// <summary>
/// A page connection received bytes that break the page-batch protocol. Carries what was expected, what
/// was found and the byte offset in the stream, so a log line is enough to find the bad frame. The
/// connection is broken on it, never resynchronised.
/// </summary>
public sealed class PageProtocolException : MigrationException
{
    /// <summary>Creates the exception.</summary>
    public PageProtocolException(string expected, string found, long offset)
        : base($"page protocol: expected {expected}, found {found} at stream offset {offset}")
    {
        Expected = expected;
        Found = found;
        Offset = offset;
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public PageProtocolException(string message)
        : base(message)
    {
        Expected = string.Empty;
        Found = string.Empty;
    }

    /// <summary>Creates the exception with a plain message and its cause.</summary>
    public PageProtocolException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Expected = string.Empty;
        Found = string.Empty;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public PageProtocolException()
    {
        Expected = string.Empty;
        Found = string.Empty;
    }

    /// <summary>What the decoder expected.</summary>
    public string Expected { get; }

    /// <summary>What it found instead.</summary>
    public string Found { get; }

    /// <summary>Offset of the offending byte counted from the start of the stream.</summary>
    public long Offset { get; }
}
