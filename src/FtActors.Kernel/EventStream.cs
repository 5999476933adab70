namespace FtActors.Kernel;

/// <summary>
/// A system-wide publish/subscribe channel for diagnostics: <see cref="DeadLetter"/> and
/// <see cref="UnhandledMessage"/> are published here. Subscribers are actors and receive events by type
/// (a subscription to a base type receives every subtype).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "Akka.NET calls it EventStream; keeping the name makes a later port mechanical.")]
public sealed class EventStream
{
    private readonly Lock _lock = new();
    private volatile Subscription[] _subscriptions = [];

    /// <summary>Delivers events assignable to <paramref name="eventType"/> to <paramref name="subscriber"/>.</summary>
    public void Subscribe(IActorRef subscriber, Type eventType)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(eventType);
        lock (_lock)
        {
            _subscriptions = [.. _subscriptions, new Subscription(subscriber, eventType)];
        }
    }

    /// <summary>Removes every subscription of <paramref name="subscriber"/>.</summary>
    public void Unsubscribe(IActorRef subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        lock (_lock)
        {
            _subscriptions = [.. _subscriptions.Where(s => !s.Subscriber.Equals(subscriber))];
        }
    }

    /// <summary>Tells <paramref name="event"/> to every subscriber of a matching type.</summary>
    public void Publish(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        foreach (var subscription in _subscriptions)
        {
            if (subscription.EventType.IsInstanceOfType(@event))
            {
                subscription.Subscriber.Tell(@event);
            }
        }
    }

    private sealed record Subscription(IActorRef Subscriber, Type EventType);
}
