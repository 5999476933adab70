namespace FtActors.Kernel;

/// <summary>What a supervisor does with a child that failed.</summary>
public enum Directive
{
    /// <summary>Keep the actor instance and its state; drop the failing message and carry on.</summary>
    Resume,

    /// <summary>Replace the actor instance (state is lost, the mailbox is kept); drop the failing message.</summary>
    Restart,

    /// <summary>Stop the actor; its queued messages go to dead letters.</summary>
    Stop,

    /// <summary>Fail the supervisor itself with the same exception and let its own supervisor decide.</summary>
    Escalate,
}
