namespace FtActors.Kernel;

/// <summary>The reference to an actor in this process: a path plus a direct line to its cell's mailbox.</summary>
internal sealed class LocalActorRef : InternalActorRef
{
    private readonly ActorPath _path;

    public LocalActorRef(ActorCell cell, ActorPath path)
    {
        Cell = cell;
        _path = path;
    }

    public ActorCell Cell { get; }

    public override ActorPath Path => _path;

    public override bool IsTerminated => Cell.Mailbox.IsClosed;

    public override void Tell(object message, IActorRef? sender = null)
    {
        if (message is null)
        {
            ThrowNullMessage();
        }

        var envelope = new Envelope(message, sender);
        if (!Cell.Mailbox.TryPost(envelope))
        {
            Undeliverable(envelope);
        }
    }

    public override ValueTask TellAsync(object message, IActorRef? sender = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var envelope = new Envelope(message, sender);
        if (Cell.Mailbox.TryPost(envelope))
        {
            return ValueTask.CompletedTask;
        }

        return Cell.Mailbox.IsClosed ? DeadAsync(envelope) : WaitForRoomAsync(envelope, cancellationToken);
    }

    public override void SendSystemMessage(SystemMessage message)
    {
        if (!Cell.Mailbox.TryPostSystem(message))
        {
            // The actor has stopped: a late Watch still deserves its Terminated, everything else is moot.
            AnswerWatchAsDead(message);
        }
    }

    private ValueTask DeadAsync(Envelope envelope)
    {
        Cell.System.DeadLetterRef.Publish(envelope.Message, envelope.Sender, this);
        return ValueTask.CompletedTask;
    }

    private async ValueTask WaitForRoomAsync(Envelope envelope, CancellationToken cancellationToken)
    {
        try
        {
            await Cell.Mailbox.PostAsync(envelope, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            // The actor stopped while we waited for room.
            Cell.System.DeadLetterRef.Publish(envelope.Message, envelope.Sender, this);
        }
    }

    private void Undeliverable(in Envelope envelope)
    {
        if (!Cell.Mailbox.IsClosed)
        {
            Cell.System.DeadLetterRef.ReportMailboxFull(envelope.Message, envelope.Sender, this);
        }

        Cell.System.DeadLetterRef.Publish(envelope.Message, envelope.Sender, this);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowNullMessage() => throw new ArgumentNullException("message", "A message must not be null.");
}
