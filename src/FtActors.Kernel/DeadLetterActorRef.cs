namespace FtActors.Kernel;

/// <summary>
/// Where undeliverable messages go. Each one is logged (event 1010) and published on the event stream as a
/// <see cref="DeadLetter"/>, so tests and monitors can subscribe.
/// </summary>
internal sealed class DeadLetterActorRef(ActorSystem system, ActorPath path) : InternalActorRef
{
    public override ActorPath Path { get; } = path;

    public override bool IsTerminated => false;

    public override void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message is DeadLetter letter)
        {
            Publish(letter.Message, letter.Sender, letter.Recipient);
        }
        else
        {
            Publish(message, sender, this);
        }
    }

    public override void SendSystemMessage(SystemMessage message) => AnswerWatchAsDead(message);

    public void Publish(object message, IActorRef? sender, IActorRef recipient)
    {
        Log.DeadLetter(system.Logger, message.GetType(), sender, recipient);

        // A dead letter about a dead letter (a subscriber that has itself stopped) is logged but not republished,
        // which would otherwise loop forever.
        if (message is not DeadLetter)
        {
            system.EventStream.Publish(new DeadLetter(message, sender, recipient));
        }
    }

    public void ReportMailboxFull(object message, IActorRef? sender, IActorRef recipient) =>
        Log.MailboxFull(system.Logger, recipient, message.GetType(), sender);
}
