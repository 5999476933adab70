namespace FtActors.Remoting.Framing;

/// <summary>
/// The kind of a frame (byte 7 of the header). Values are part of the wire protocol: never renumber one, only add.
/// A value not listed here is a protocol violation, never skipped.
/// </summary>
public enum FrameType : byte
{
    /// <summary>Opens an association: the connecting node says who it is (JSON handshake payload).</summary>
    Hello = 1,

    /// <summary>The accepting node agrees and says who it is (JSON handshake payload).</summary>
    Welcome = 2,

    /// <summary>The handshake is refused; the payload is a JSON reason. The refusing side closes next.</summary>
    Refuse = 3,

    /// <summary>Keeps the association alive; empty payload, the correlation is a sequence number.</summary>
    Heartbeat = 4,

    /// <summary>An actor message: binary envelope header followed by the JSON message body.</summary>
    Message = 5,

    /// <summary>The sender is closing the association on purpose; the payload is a JSON reason.</summary>
    Disassociate = 6,

    /// <summary>A batch of guest pages; only accepted on page connections, never on control connections.</summary>
    PageBatch = 32,
}
