namespace FtActors.Kernel.Persistence;

/// <summary>An event or snapshot of a type with no registered manifest was about to be persisted.</summary>
public sealed class EventTypeNotRegisteredException : FtActorsException
{
    /// <summary>Creates the exception naming the type.</summary>
    public EventTypeNotRegisteredException(Type eventType)
        : base($"Expected {eventType.FullName} to be registered with a manifest in the EventSerializerRegistry, found no registration.")
    {
        EventType = eventType;
    }

    /// <summary>The unregistered type.</summary>
    public Type EventType { get; }
}
