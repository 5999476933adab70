namespace FtActors.Qemu.Qmp;

/// <summary>
/// A QMP message that is not valid JSON or not one of the four message shapes (greeting, return,
/// error, event), or a connection that closed while commands were waiting. The message names what
/// was expected, what was found and the byte offset in the line.
/// </summary>
public sealed class QmpProtocolException : QemuException
{
    public QmpProtocolException()
    {
        Expected = Found = string.Empty;
    }

    public QmpProtocolException(string message)
        : base(message)
    {
        Expected = Found = string.Empty;
    }

    public QmpProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
        Expected = Found = string.Empty;
    }

    public QmpProtocolException(string expected, string found, long offset, Exception? innerException = null)
        : base($"bad QMP message: expected {expected}, found {found} at byte {offset}", innerException!)
    {
        Expected = expected;
        Found = found;
        Offset = offset;
    }

    /// <summary>What a well-formed message has at this point.</summary>
    public string Expected { get; }

    /// <summary>What the message had instead (shortened).</summary>
    public string Found { get; }

    /// <summary>Byte offset inside the message line, or -1 when the whole message is at fault.</summary>
    public long Offset { get; }
}
