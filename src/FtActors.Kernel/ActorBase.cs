namespace FtActors.Kernel;

/// <summary>
/// Base of every actor. Create actors only through <see cref="Props"/> and <c>ActorOf</c>; the constructor binds
/// the instance to its cell and throws <see cref="ActorInitializationException"/> when called any other way.
/// </summary>
public abstract class ActorBase
{
    private readonly ActorCell _cell;

    /// <summary>Binds the new instance to the cell that is creating it.</summary>
    protected ActorBase()
    {
        _cell = ActorCell.Constructing
            ?? throw new ActorInitializationException($"{GetType().Name} expected to be created by ActorOf(Props) but was created with 'new'.");
        InitialBehavior = Receive;
    }

    /// <summary>This actor's context: children, watch, behaviour changes.</summary>
    protected IActorContext Context => _cell;

    /// <summary>This actor's own reference.</summary>
    protected IActorRef Self => _cell.Self;

    /// <summary>The sender of the message being handled (dead letters when none); capture it before an await or a PipeTo.</summary>
    protected IActorRef Sender => _cell.Sender;

    /// <summary>Postpones messages; see <see cref="IStash"/>.</summary>
    protected IStash Stash => _cell.Stash;

    /// <summary>Per-actor timers; see <see cref="ITimerScheduler"/>.</summary>
    protected ITimerScheduler Timers => _cell.Timers;

    /// <summary>
    /// How this actor supervises its children; null uses <see cref="Kernel.SupervisorStrategy.Default"/>. A strategy
    /// set on <see cref="Props"/> takes precedence.
    /// </summary>
    protected virtual SupervisorStrategy? SupervisorStrategy => null;

    internal ActorReceive InitialBehavior { get; }

    internal SupervisorStrategy? SupervisorStrategyOrNull => SupervisorStrategy;

    /// <summary>The initial behaviour: return true when the message was handled.</summary>
    protected abstract bool Receive(object message);

    /// <summary>Runs before the first message; an exception here stops the actor (<see cref="ActorInitializationException"/>).</summary>
    protected virtual void PreStart()
    {
    }

    /// <summary>Runs after the actor stopped handling messages and all its children have stopped.</summary>
    protected virtual void PostStop()
    {
    }

    /// <summary>
    /// Runs on the failed instance before it is replaced. The default stops all children and calls
    /// <see cref="PostStop"/>; <paramref name="message"/> is the message that failed, if any.
    /// </summary>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in _cell.GetChildren())
        {
            _cell.Stop(child);
        }

        PostStop();
    }

    /// <summary>Runs on the fresh instance after a restart; the default calls <see cref="PreStart"/>.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>Called for a message no behaviour handled: logs it at Debug and publishes <see cref="UnhandledMessage"/>.</summary>
    protected virtual void Unhandled(object message) => _cell.PublishUnhandled(message);

    internal virtual bool AroundReceive(ActorReceive behavior, object message) => behavior(message);

    internal virtual void AroundPreStart() => PreStart();

    internal virtual void AroundPostStop() => PostStop();

    internal virtual void AroundPreRestart(Exception reason, object? message) => PreRestart(reason, message);

    internal virtual void AroundPostRestart(Exception reason) => PostRestart(reason);

    internal void InvokeUnhandled(object message) => Unhandled(message);

    internal ActorCell Cell => _cell;
}
