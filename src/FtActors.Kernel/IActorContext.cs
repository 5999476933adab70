namespace FtActors.Kernel;

/// <summary>
/// What an actor may do besides handling a message: create and stop children, watch other actors, change
/// behaviour. Use it only from inside the actor (its handlers, hooks and awaited continuations); it is not thread-safe.
/// </summary>
public interface IActorContext
{
    /// <summary>This actor's reference.</summary>
    IActorRef Self { get; }

    /// <summary>The sender of the message being handled; dead letters when it had none.</summary>
    IActorRef Sender { get; }

    /// <summary>The supervising parent.</summary>
    IActorRef Parent { get; }

    /// <summary>The system the actor lives in.</summary>
    ActorSystem System { get; }

    /// <summary>Creates a child supervised by this actor; <paramref name="name"/> is generated when null.</summary>
    /// <exception cref="InvalidActorNameException">The name is invalid or a live sibling has it.</exception>
    IActorRef ActorOf(Props props, string? name = null);

    /// <summary>The live child of that name, or null.</summary>
    IActorRef? Child(string name);

    /// <summary>A snapshot of the live children.</summary>
    IReadOnlyList<IActorRef> GetChildren();

    /// <summary>Stops an actor (a child, or <see cref="Self"/>) after the message it is handling; asynchronous.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "Stop is the Akka.NET name; the API mirrors Akka so a port is mechanical.")]
    void Stop(IActorRef actor);

    /// <summary>Asks for a <see cref="Terminated"/> when <paramref name="subject"/> stops; immediately if it already has.</summary>
    IActorRef Watch(IActorRef subject);

    /// <summary>Cancels a watch; no <see cref="Terminated"/> for that subject arrives afterwards unless already queued.</summary>
    void Unwatch(IActorRef subject);

    /// <summary>Replaces the current behaviour (the bottom of the stack is the actor's own receive).</summary>
    void Become(ActorReceive behavior);

    /// <summary>Pushes a behaviour; <see cref="Unbecome"/> returns to the one below.</summary>
    void BecomeStacked(ActorReceive behavior);

    /// <summary>Pops the behaviour pushed last; the initial behaviour is never popped.</summary>
    void Unbecome();

    /// <summary>
    /// Holds this actor's mailbox until <paramref name="task"/> completes: no other message (user or system) is
    /// handled meanwhile, so ordering holds across an await. A fault counts as a failure of the current message.
    /// </summary>
    void RunTask(Task task);

    /// <summary>Stash for postponing messages.</summary>
    IStash Stash { get; }

    /// <summary>Timers that send messages to this actor and are cancelled when it stops or restarts.</summary>
    ITimerScheduler Timers { get; }
}
