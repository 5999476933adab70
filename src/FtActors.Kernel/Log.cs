using Microsoft.Extensions.Logging;

namespace FtActors.Kernel;

/// <summary>
/// Every log line the kernel writes, source-generated so a disabled level costs a branch and no allocation.
/// Event ids are stable (1xxx is the kernel's range); dashboards and alerts key on them, so never renumber.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Actor system {System} started")]
    public static partial void SystemStarted(ILogger logger, string system);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Actor system {System} terminated")]
    public static partial void SystemTerminated(ILogger logger, string system);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Dead letter: {MessageType} from {Sender} to {Recipient} was not delivered")]
    public static partial void DeadLetter(ILogger logger, Type messageType, IActorRef? sender, IActorRef recipient);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "Bounded mailbox of {Recipient} is full: {MessageType} from {Sender} goes to dead letters (use TellAsync to wait for room)")]
    public static partial void MailboxFull(ILogger logger, IActorRef recipient, Type messageType, IActorRef? sender);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Debug, Message = "Unhandled message {MessageType} from {Sender} in {Recipient}")]
    public static partial void Unhandled(ILogger logger, Type messageType, IActorRef? sender, IActorRef recipient);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Warning, Message = "Actor {Actor} failed; supervisor decided {Directive}")]
    public static partial void ChildFailed(ILogger logger, Exception exception, string actor, string directive);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Error, Message = "Actor {Actor} failed and is stopped by its supervisor")]
    public static partial void ChildStopped(ILogger logger, Exception exception, string actor);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Error, Message = "Actor {Actor} exceeded {MaxRetries} restarts within {Window}; stopping it")]
    public static partial void RestartLimitExceeded(ILogger logger, Exception exception, string actor, int maxRetries, TimeSpan window);

    [LoggerMessage(EventId = 1023, Level = LogLevel.Error, Message = "Failure of {Actor} escalated to the guardian {Guardian}; the actor is stopped, the system keeps running")]
    public static partial void EscalatedToGuardian(ILogger logger, Exception exception, string actor, string guardian);

    [LoggerMessage(EventId = 1024, Level = LogLevel.Error, Message = "Actor {Actor} failed while stopping; the failure is ignored")]
    public static partial void FailureWhileStopping(ILogger logger, Exception exception, string actor);

    [LoggerMessage(EventId = 1025, Level = LogLevel.Error, Message = "{Hook} of actor {Actor} threw; continuing")]
    public static partial void HookFailed(ILogger logger, Exception exception, string hook, string actor);

    [LoggerMessage(EventId = 1026, Level = LogLevel.Error, Message = "Handling system message {MessageType} in {Actor} threw")]
    public static partial void SystemMessageFailed(ILogger logger, Exception exception, string messageType, string actor);

    [LoggerMessage(EventId = 1030, Level = LogLevel.Error, Message = "Scheduled action threw")]
    public static partial void ScheduledActionFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1040, Level = LogLevel.Error, Message = "Persistent actor {Actor} ({PersistenceId}) failed to persist event {SequenceNr}; stopping it")]
    public static partial void PersistFailed(ILogger logger, Exception exception, string actor, string persistenceId, long sequenceNr);

    [LoggerMessage(EventId = 1041, Level = LogLevel.Error, Message = "Persistent actor {Actor} ({PersistenceId}) failed to recover; stopping it")]
    public static partial void RecoveryFailed(ILogger logger, Exception exception, string actor, string persistenceId);

    [LoggerMessage(EventId = 1042, Level = LogLevel.Debug, Message = "Persistent actor {Actor} ({PersistenceId}) recovered to sequence number {SequenceNr}")]
    public static partial void Recovered(ILogger logger, IActorRef actor, string persistenceId, long sequenceNr);
}
