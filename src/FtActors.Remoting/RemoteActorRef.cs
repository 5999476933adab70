using FtActors.Kernel;

namespace FtActors.Remoting;

/// <summary>
/// A location-transparent reference to an actor on another node: <see cref="Tell"/> serialises the message and
/// queues it for that node's connection. Delivery is at most once and in order per (sender node, receiver node)
/// pair; a message queued while the peer is unreachable waits in a bounded queue until reconnection.
/// When <see cref="Incarnation"/> is set, the reference is bound to one life of the remote node: once that node
/// restarts, messages through this reference are dropped (quarantine), as the actor they named no longer exists.
/// </summary>
public sealed class RemoteActorRef : IActorRef, IEquatable<RemoteActorRef>
{
    private readonly RemotingNode _node;

    internal RemoteActorRef(RemotingNode node, ActorPath path, long incarnation)
    {
        _node = node;
        Path = path;
        Incarnation = incarnation;
    }

    /// <inheritdoc />
    public ActorPath Path { get; }

    /// <summary>The remote node's incarnation this reference is bound to; 0 for whichever is running.</summary>
    public long Incarnation { get; }

    /// <summary>Queues the message for the remote node; if the per-peer queue is full it is dropped with a warning.</summary>
    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        _node.Enqueue(this, message, sender);
    }

    /// <summary>Queues the message, waiting for room in the per-peer queue (back-pressure).</summary>
    public ValueTask TellAsync(object message, IActorRef? sender = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _node.EnqueueAsync(this, message, sender, cancellationToken);
    }

    /// <inheritdoc />
    public bool Equals(RemoteActorRef? other) =>
        other is not null && other.Incarnation == Incarnation && other.Path.Equals(Path);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as RemoteActorRef);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Path, Incarnation);

    /// <summary>The path, with the bound incarnation after '#' when there is one.</summary>
    public override string ToString() => Incarnation == 0 ? Path.ToString() : $"{Path}#inc={Incarnation}";
}
