namespace FtActors.Kernel;

/// <summary>
/// An actor that declares typed handlers in its constructor: <c>Receive&lt;Ping&gt;(p =&gt; ...)</c>. Handlers are
/// tried in declaration order; the first whose type (and predicate) matches handles the message.
/// </summary>
public abstract class ReceiveActor : ActorBase
{
    private HandlerSet _handlers = new();

    /// <summary>Handles messages of type <typeparamref name="T"/>.</summary>
    protected void Receive<T>(Action<T> handler) => _handlers.Add(new SyncHandler<T>(handler, null));

    /// <summary>Handles messages of type <typeparamref name="T"/> for which <paramref name="predicate"/> holds.</summary>
    protected void Receive<T>(Func<T, bool> predicate, Action<T> handler) => _handlers.Add(new SyncHandler<T>(handler, predicate));

    /// <summary>
    /// Handles messages of type <typeparamref name="T"/> with an async handler. The mailbox is held until the
    /// returned task completes, so messages are still handled one at a time and in order.
    /// </summary>
    protected void ReceiveAsync<T>(Func<T, Task> handler) => _handlers.Add(new AsyncHandler<T>(handler, Cell));

    /// <summary>Handles any message not matched by an earlier handler.</summary>
    protected void ReceiveAny(Action<object> handler) => _handlers.Add(new SyncHandler<object>(handler, null));

    /// <summary>
    /// Switches to a new set of handlers declared by <paramref name="configure"/> (which calls <c>Receive</c>);
    /// the previous set is discarded.
    /// </summary>
    protected void Become(Action configure) => Context.Become(Build(configure));

    /// <summary>Like <see cref="Become"/>, but <c>Context.Unbecome()</c> returns to the current handlers.</summary>
    protected void BecomeStacked(Action configure) => Context.BecomeStacked(Build(configure));

    /// <inheritdoc />
    protected sealed override bool Receive(object message) => _handlers.TryHandle(message);

    private ActorReceive Build(Action configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var previous = _handlers;
        _handlers = new HandlerSet();
        try
        {
            configure();
            return _handlers.TryHandle;
        }
        finally
        {
            _handlers = previous;
        }
    }

    private sealed class HandlerSet
    {
        private Handler[] _items = [];

        public void Add(Handler handler) => _items = [.. _items, handler];

        public bool TryHandle(object message)
        {
            foreach (var handler in _items)
            {
                if (handler.TryHandle(message))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private abstract class Handler
    {
        public abstract bool TryHandle(object message);
    }

    private sealed class SyncHandler<T>(Action<T> action, Func<T, bool>? predicate) : Handler
    {
        public override bool TryHandle(object message)
        {
            if (message is T typed && (predicate is null || predicate(typed)))
            {
                action(typed);
                return true;
            }

            return false;
        }
    }

    private sealed class AsyncHandler<T>(Func<T, Task> action, ActorCell cell) : Handler
    {
        public override bool TryHandle(object message)
        {
            if (message is T typed)
            {
                cell.RunTask(action(typed));
                return true;
            }

            return false;
        }
    }
}
