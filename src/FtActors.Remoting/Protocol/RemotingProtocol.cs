namespace FtActors.Remoting.Protocol;

/// <summary>Constants of the remoting protocol above the frame layer.</summary>
public static class RemotingProtocol
{
    /// <summary>
    /// Version of the handshake and envelope rules, carried in <see cref="HandshakeInfo.ProtocolVersion"/>. It
    /// is separate from the frame format version so the message layer can evolve without changing framing.
    /// </summary>
    public const int Version = 1;

    /// <summary>Format byte at the start of every message envelope.</summary>
    public const byte EnvelopeFormat = 1;
}
