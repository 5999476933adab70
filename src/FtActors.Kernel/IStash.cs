namespace FtActors.Kernel;

/// <summary>
/// Postpones messages: <see cref="Stash"/> keeps the current message aside, <see cref="UnstashAll"/> puts all kept
/// messages back in front of the mailbox in their original order. On restart the stash is unstashed; on stop
/// its messages go to dead letters.
/// </summary>
public interface IStash
{
    /// <summary>Number of messages stashed.</summary>
    int Count { get; }

    /// <summary>Keeps the message being handled (with its sender) for later.</summary>
    void Stash();

    /// <summary>Puts the oldest stashed message back in front of the mailbox.</summary>
    void Unstash();

    /// <summary>Puts every stashed message back in front of the mailbox, oldest first.</summary>
    void UnstashAll();
}
