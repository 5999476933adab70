using FtActors.Kernel;

namespace FtActors.Remoting;

/// <summary>A peer refused or failed our handshake (wrong cluster, protocol version, certificate, or no answer).</summary>
public sealed class HandshakeRefusedException : FtActorsException
{
    /// <summary>Creates the exception with the peer and the reason it gave or we observed.</summary>
    public HandshakeRefusedException(string peer, string reason)
        : base($"Association with {peer} refused: {reason}.")
    {
        Peer = peer;
        Reason = reason;
    }

    /// <summary>The peer's host:port.</summary>
    public string Peer { get; }

    /// <summary>Why the association was refused.</summary>
    public string Reason { get; }

    /// <summary>A refusal may be lifted (the peer restarts with the right settings), so reconnecting is allowed.</summary>
    public override bool IsTransient => true;
}
