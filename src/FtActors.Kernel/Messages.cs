namespace FtActors.Kernel;

/// <summary>Marks messages the actor cell handles itself before user code sees them.</summary>
internal interface IAutoReceivedMessage;

/// <summary>Stops the receiving actor once it reaches this message; messages queued before it are processed first.</summary>
public sealed class PoisonPill : IAutoReceivedMessage
{
    private PoisonPill()
    {
    }

    /// <summary>The single instance.</summary>
    public static PoisonPill Instance { get; } = new();
}

/// <summary>Makes the receiving actor fail with <see cref="ActorKilledException"/>, so its supervisor decides (Stop by default).</summary>
public sealed class Kill : IAutoReceivedMessage
{
    private Kill()
    {
    }

    /// <summary>The single instance.</summary>
    public static Kill Instance { get; } = new();
}

/// <summary>Delivered to a watcher when an actor it watches has stopped; it comes after every message that actor sent it.</summary>
/// <param name="ActorRef">The actor that stopped.</param>
public sealed record Terminated(IActorRef ActorRef);

/// <summary>A message that could not be delivered: its recipient had stopped, or its bounded mailbox was full.</summary>
/// <param name="Message">The undelivered message.</param>
/// <param name="Sender">Its sender, if any.</param>
/// <param name="Recipient">Who it was for.</param>
public sealed record DeadLetter(object Message, IActorRef? Sender, IActorRef Recipient);

/// <summary>A message an actor's current behaviour did not handle; published on the event stream.</summary>
/// <param name="Message">The message.</param>
/// <param name="Sender">Its sender, if any.</param>
/// <param name="Recipient">The actor that did not handle it.</param>
public sealed record UnhandledMessage(object Message, IActorRef? Sender, IActorRef Recipient);

/// <summary>Outcome messages used by <c>PipeTo</c> and <c>Ask</c>: a reply of <see cref="Failure"/> fails the ask.</summary>
public static class Status
{
    /// <summary>An operation completed; <paramref name="Value"/> is its result, if any.</summary>
    public sealed record Success(object? Value);

    /// <summary>An operation failed with <paramref name="Cause"/>. An <c>Ask</c> that receives it throws the cause.</summary>
    public sealed record Failure(Exception Cause);
}
