namespace FtActors.Kernel;

/// <summary>Messages about an actor's life cycle; they travel in their own queue, ahead of user messages.</summary>
internal abstract class SystemMessage;

/// <summary>Construct the actor instance and run PreStart.</summary>
internal sealed class Create : SystemMessage
{
    public static Create Instance { get; } = new();
}

/// <summary>Stop processing user messages until a matching Resume.</summary>
internal sealed class Suspend : SystemMessage
{
    public static Suspend Instance { get; } = new();
}

/// <summary>Undo one Suspend, or (when <see cref="AfterFailure"/>) the suspension a failure caused.</summary>
internal sealed class Resume(bool afterFailure) : SystemMessage
{
    public bool AfterFailure { get; } = afterFailure;
}

/// <summary>Replace the actor instance, keeping the mailbox, because it (or a sibling, under all-for-one) failed.</summary>
internal sealed class Recreate(Exception cause) : SystemMessage
{
    public Exception Cause { get; } = cause;
}

/// <summary>Stop the actor: stop its children, wait for them, run PostStop, tell watchers and the parent.</summary>
internal sealed class Terminate : SystemMessage
{
    public static Terminate Instance { get; } = new();
}

/// <summary><see cref="Watcher"/> wants a <see cref="Terminated"/> when <see cref="Watchee"/> stops.</summary>
internal sealed class Watch(InternalActorRef watchee, InternalActorRef watcher) : SystemMessage
{
    public InternalActorRef Watchee { get; } = watchee;

    public InternalActorRef Watcher { get; } = watcher;
}

/// <summary>Cancel a <see cref="Watch"/>.</summary>
internal sealed class Unwatch(InternalActorRef watchee, InternalActorRef watcher) : SystemMessage
{
    public InternalActorRef Watchee { get; } = watchee;

    public InternalActorRef Watcher { get; } = watcher;
}

/// <summary>Sent to a watcher: <see cref="Actor"/> has stopped (or never existed).</summary>
internal sealed class DeathWatchNotification(IActorRef actor) : SystemMessage
{
    public IActorRef Actor { get; } = actor;
}

/// <summary>Sent to a parent: its child failed with <see cref="Cause"/> and is suspended until told what to do.</summary>
internal sealed class Failed(InternalActorRef child, Exception cause) : SystemMessage
{
    public InternalActorRef Child { get; } = child;

    public Exception Cause { get; } = cause;
}

/// <summary>Sent to a parent: its child has finished stopping.</summary>
internal sealed class ChildTerminated(InternalActorRef child) : SystemMessage
{
    public InternalActorRef Child { get; } = child;
}
