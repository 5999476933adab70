namespace FtActors.Remoting.Framing;

/// <summary>What a connection carries, which decides the frame types and sizes its decoder accepts.</summary>
public enum ConnectionKind
{
    /// <summary>Handshake, heartbeats and actor messages; every frame at most <see cref="FrameLimits.MaxControlFrame"/>.</summary>
    Control,

    /// <summary>Page batches (up to <see cref="FrameLimits.MaxPageFrame"/>) besides the control frames.</summary>
    Pages,
}
