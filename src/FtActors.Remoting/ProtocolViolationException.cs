using FtActors.Kernel;

namespace FtActors.Remoting;

/// <summary>
/// The bytes a peer sent do not follow the wire protocol. The connection that carried them is broken and never
/// resynchronised: after one bad byte nothing later in the stream can be trusted.
/// </summary>
public sealed class ProtocolViolationException : FtActorsException
{
    /// <summary>Creates the exception from what the decoder expected, what it found, and where.</summary>
    /// <param name="expected">What the protocol allows at this point, in words.</param>
    /// <param name="found">What the stream held instead.</param>
    /// <param name="offset">Byte offset in the connection's inbound stream (0 is the first byte received).</param>
    public ProtocolViolationException(string expected, string found, long offset)
        : base($"Protocol violation at stream offset {offset}: expected {expected}, found {found}.")
    {
        Expected = expected;
        Found = found;
        Offset = offset;
    }

    /// <summary>What the protocol allows at <see cref="Offset"/>.</summary>
    public string Expected { get; }

    /// <summary>What the stream held at <see cref="Offset"/>.</summary>
    public string Found { get; }

    /// <summary>Byte offset in the connection's inbound stream where the violation starts.</summary>
    public long Offset { get; }
}
