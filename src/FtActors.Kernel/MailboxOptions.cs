namespace FtActors.Kernel;

/// <summary>
/// The kind of user-message queue an actor gets. Unbounded is the default. Bounded gives back-pressure: a
/// <see cref="IActorRef.TellAsync"/> on a full mailbox waits for room, while a plain <see cref="IActorRef.Tell"/>
/// on a full mailbox never blocks the caller: the message goes to dead letters and a warning is logged.
/// </summary>
public sealed record MailboxOptions
{
    private MailboxOptions(int? capacity) => Capacity = capacity;

    /// <summary>Maximum queued user messages, or null for unbounded. System messages never count against it.</summary>
    public int? Capacity { get; }

    /// <summary>A queue that grows as needed (the default).</summary>
    public static MailboxOptions Unbounded { get; } = new((int?)null);

    /// <summary>A queue holding at most <paramref name="capacity"/> user messages.</summary>
    public static MailboxOptions Bounded(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        return new MailboxOptions(capacity);
    }
}
