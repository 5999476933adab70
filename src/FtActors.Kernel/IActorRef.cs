namespace FtActors.Kernel;

/// <summary>
/// A handle to an actor. It is the only way to reach one: messages go in through <see cref="Tell"/>, never by
/// calling the actor object. Handles are cheap, thread-safe and stay valid after the actor stops (messages then
/// go to dead letters). Two handles are equal when they name the same incarnation (path and uid).
/// </summary>
public interface IActorRef
{
    /// <summary>Where the actor lives; <see cref="ActorPath.Uid"/> identifies this incarnation.</summary>
    ActorPath Path { get; }

    /// <summary>
    /// Enqueues <paramref name="message"/> and returns at once (fire and forget). Delivery is at most once; messages
    /// from one sender to one receiver arrive in the order they were told. On a full bounded mailbox the message
    /// goes to dead letters with a warning; use <see cref="TellAsync"/> to wait for room instead.
    /// </summary>
    /// <param name="message">The message; treat it as immutable once sent.</param>
    /// <param name="sender">Who the receiver sees as <c>Sender</c> (null for no sender, so replies go to dead letters).</param>
    void Tell(object message, IActorRef? sender = null);

    /// <summary>
    /// Like <see cref="Tell"/>, but on a bounded mailbox waits (without blocking a thread) until there is room:
    /// this is the back-pressure path. Completes synchronously for unbounded mailboxes.
    /// </summary>
    ValueTask TellAsync(object message, IActorRef? sender = null, CancellationToken cancellationToken = default);
}
