namespace FtActors.Kernel;

/// <summary>
/// What the kernel needs from a reference beyond <see cref="IActorRef"/>: a side door for system messages.
/// Every reference the kernel creates derives from it; foreign <see cref="IActorRef"/> implementations (a test
/// probe wrapper) are resolved to one by path.
/// </summary>
internal abstract class InternalActorRef : IActorRef
{
    public abstract ActorPath Path { get; }

    public abstract void Tell(object message, IActorRef? sender = null);

    public virtual ValueTask TellAsync(object message, IActorRef? sender = null, CancellationToken cancellationToken = default)
    {
        Tell(message, sender);
        return ValueTask.CompletedTask;
    }

    /// <summary>Delivers a system message; references without a mailbox answer a Watch with an immediate death notice.</summary>
    public abstract void SendSystemMessage(SystemMessage message);

    /// <summary>True once the actor has fully stopped.</summary>
    public abstract bool IsTerminated { get; }

    public override bool Equals(object? obj) =>
        obj is IActorRef other && other.Path.Uid == Path.Uid && other.Path.Equals(Path);

    public override int GetHashCode() => HashCode.Combine(Path, Path.Uid);

    public override string ToString() => Path.Uid == 0 ? Path.ToString() : $"{Path}#{Path.Uid}";

    /// <summary>Tells a watcher that this reference will never deliver anything: used by references without a life cycle.</summary>
    protected void AnswerWatchAsDead(SystemMessage message)
    {
        if (message is Watch w)
        {
            w.Watcher.SendSystemMessage(new DeathWatchNotification(this));
        }
    }
}
