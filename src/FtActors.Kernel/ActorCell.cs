using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace FtActors.Kernel;

/// <summary>
/// The runtime half of an actor: its mailbox, current behaviour, children, watchers, stash and timers. The actor
/// object is the user half and can be replaced (restart) while the cell, and so the mailbox, lives on.
/// </summary>
/// <remarks>
/// Threading: everything except the child table is touched only by the thread currently running the mailbox,
/// or by the continuation of an awaited task while <see cref="_awaiting"/> is set (the mailbox does not run
/// then), so at most one thread at a time ever sees the actor's state. The child table is also read by lookups
/// and written by <c>system.ActorOf</c> from outside threads, so it has its own lock.
/// </remarks>
internal sealed partial class ActorCell : IActorContext
{
    [ThreadStatic]
    private static ActorCell? t_constructing;

    private static readonly Action<Task, object?> OnAwaitedTaskCompleted = static (t, s) => ((ActorCell)s!).AwaitedTaskCompleted(t);

    private readonly Props _props;
    private readonly InternalActorRef? _parent;
    private readonly int _throughput;
    private readonly GuardianKind _guardian;
    private ActorBase? _actor;
    private ActorReceive? _behavior;
    private List<ActorReceive>? _behaviorStack;
    private Envelope _current;
    private LinkedList<Envelope>? _prepended;
    private ActorStash? _stash;
    private TimerScheduler? _timers;
    private int _suspendCount;
    private bool _failed;
    private volatile bool _awaiting;
    private Task? _awaitedTask;
    private Queue<Task>? _queuedTasks;
    private volatile bool _terminating;
    private bool _finished;

    public ActorCell(ActorSystem system, Props props, InternalActorRef? parent, ActorPath path, GuardianKind guardian = GuardianKind.None)
    {
        System = system;
        _props = props;
        _parent = parent;
        _guardian = guardian;
        _throughput = system.Settings.Throughput;
        Mailbox = new Mailbox(props.Mailbox);
        Mailbox.Attach(this);
        SelfRef = new LocalActorRef(this, path);
    }

    /// <summary>The cell whose actor is being constructed on this thread, so <see cref="ActorBase"/> can bind to it.</summary>
    internal static ActorCell? Constructing => t_constructing;

    public ActorSystem System { get; }

    public Mailbox Mailbox { get; }

    public LocalActorRef SelfRef { get; }

    public IActorRef Self => SelfRef;

    public IActorRef Sender => _current.Sender ?? System.DeadLetters;

    public IActorRef Parent => _parent ?? SelfRef;

    internal ILogger Logger => System.Logger;

    internal Envelope CurrentEnvelope => _current;

    internal bool IsAwaitingTask => _awaiting;

    internal bool CanProcessUserMessages => _suspendCount == 0 && !_terminating && _actor is not null;

    public IStash Stash => _stash ??= new ActorStash(this);

    public ITimerScheduler Timers => _timers ??= new TimerScheduler(this);

    public void Start() => SelfRef.SendSystemMessage(Create.Instance);

    internal bool HasPendingUserMessages(ChannelReader<Envelope> reader) =>
        _prepended is { Count: > 0 } || reader.TryPeek(out _);

    /// <summary>One mailbox run: system messages first, then up to <c>Throughput</c> user messages, then yield.</summary>
    internal void ProcessMailbox()
    {
        if (_awaiting || _finished || !ProcessSystemMessages())
        {
            return;
        }

        for (var left = _throughput; left > 0 && CanProcessUserMessages; left--)
        {
            if (!TryNextUserMessage(out var envelope))
            {
                break;
            }

            Invoke(envelope);
            if (_awaiting || (Mailbox.HasSystemMessages && !ProcessSystemMessages()))
            {
                return;
            }
        }
    }

    private bool ProcessSystemMessages()
    {
        while (!_awaiting && !_finished && Mailbox.TryDequeueSystem(out var message))
        {
            try
            {
                HandleSystemMessage(message!);
            }
            catch (Exception ex)
            {
                Log.SystemMessageFailed(Logger, ex, message!.GetType().Name, SelfRef.Path.ToString());
                HandleInvokeFailure(ex);
            }
        }

        return !_awaiting && !_finished;
    }

    private void HandleSystemMessage(SystemMessage message)
    {
        switch (message)
        {
            case Create:
                HandleCreate();
                break;
            case Suspend:
                _suspendCount++;
                break;
            case Resume resume:
                HandleResume(resume);
                break;
            case Recreate recreate:
                HandleRecreate(recreate.Cause);
                break;
            case Terminate:
                HandleTerminate();
                break;
            case Watch watch:
                HandleWatch(watch);
                break;
            case Unwatch unwatch:
                _watchedBy?.Remove(unwatch.Watcher);
                break;
            case DeathWatchNotification notification:
                HandleDeathWatchNotification(notification);
                break;
            case Failed failed:
                HandleChildFailed(failed);
                break;
            case ChildTerminated childTerminated:
                HandleChildTerminated(childTerminated.Child);
                break;
        }
    }

    private bool TryNextUserMessage(out Envelope envelope)
    {
        if (_prepended is { Count: > 0 } prepended)
        {
            envelope = prepended.First!.Value;
            prepended.RemoveFirst();
            return true;
        }

        return Mailbox.TryDequeue(out envelope);
    }

    private void Invoke(in Envelope envelope)
    {
        _current = envelope;
        try
        {
            var message = envelope.Message;
            if (message is IAutoReceivedMessage)
            {
                HandleAutoReceived(message);
            }
            else if (!_actor!.AroundReceive(_behavior!, message))
            {
                _actor.InvokeUnhandled(message);
            }
        }
        catch (Exception ex)
        {
            HandleInvokeFailure(ex);
        }
    }

    private void HandleAutoReceived(object message)
    {
        switch (message)
        {
            case PoisonPill:
                SelfRef.SendSystemMessage(Terminate.Instance);
                break;
            case Kill:
                throw new ActorKilledException(SelfRef.Path.ToString());
            case TimerScheduler.Fire fire:
                if (_timers is not null && _timers.Accept(fire))
                {
                    _current = new Envelope(fire.Message, null);
                    if (!_actor!.AroundReceive(_behavior!, fire.Message))
                    {
                        _actor.InvokeUnhandled(fire.Message);
                    }
                }

                break;
        }
    }

    internal void PublishUnhandled(object message)
    {
        var sender = _current.Sender;
        Log.Unhandled(Logger, message.GetType(), sender, SelfRef);

        System.EventStream.Publish(new UnhandledMessage(message, sender, SelfRef));
    }

    // ----- behaviours -----

    public void Become(ActorReceive behavior)
    {
        ArgumentNullException.ThrowIfNull(behavior);
        var stack = _behaviorStack!;
        stack[^1] = behavior;
        _behavior = behavior;
    }

    public void BecomeStacked(ActorReceive behavior)
    {
        ArgumentNullException.ThrowIfNull(behavior);
        _behaviorStack!.Add(behavior);
        _behavior = behavior;
    }

    public void Unbecome()
    {
        var stack = _behaviorStack!;
        if (stack.Count > 1)
        {
            stack.RemoveAt(stack.Count - 1);
        }

        _behavior = stack[^1];
    }

    private ActorBase NewActor()
    {
        t_constructing = this;
        ActorBase actor;
        try
        {
            actor = _props.NewActor();
        }
        finally
        {
            t_constructing = null;
        }

        _actor = actor;
        _behaviorStack = [actor.InitialBehavior];
        _behavior = _behaviorStack[0];
        return actor;
    }

    // ----- stash support -----

    internal void Prepend(IReadOnlyList<Envelope> envelopes)
    {
        _prepended ??= new LinkedList<Envelope>();
        for (var i = envelopes.Count - 1; i >= 0; i--)
        {
            _prepended.AddFirst(envelopes[i]);
        }
    }

    // ----- async handlers -----

    /// <summary>
    /// Holds the mailbox until <paramref name="task"/> completes, so the next message is handled only after the
    /// async handler (or a persist) finished. Its continuation owns the actor meanwhile; a fault is a failure of
    /// the message being handled.
    /// </summary>
    public void RunTask(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (_awaitedTask is not null)
        {
            (_queuedTasks ??= new Queue<Task>()).Enqueue(task);
            return;
        }

        if (task.IsCompleted)
        {
            ThrowIfFailed(task);
            return;
        }

        _awaitedTask = task;
        _awaiting = true;
        task.ContinueWith(OnAwaitedTaskCompleted, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void AwaitedTaskCompleted(Task task)
    {
        var failure = FailureOf(task);
        while (failure is null && _queuedTasks is { Count: > 0 } queued)
        {
            var next = queued.Dequeue();
            if (!next.IsCompleted)
            {
                _awaitedTask = next;
                next.ContinueWith(OnAwaitedTaskCompleted, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                return;
            }

            failure = FailureOf(next);
        }

        _queuedTasks?.Clear();
        _awaitedTask = null;
        if (failure is not null)
        {
            HandleInvokeFailure(failure);
        }

        _awaiting = false;
        Mailbox.Schedule();
    }

    private static Exception? FailureOf(Task task) =>
        task.IsFaulted ? task.Exception!.InnerException ?? task.Exception
        : task.IsCanceled ? new TaskCanceledException(task)
        : null;

    private static void ThrowIfFailed(Task task)
    {
        if (FailureOf(task) is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }
}
