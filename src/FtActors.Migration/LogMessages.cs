using Microsoft.Extensions.Logging;

namespace FtActors.Migration;

/// <summary>Log messages of the migration path; event ids 4xxx as house style assigns to Migration.</summary>
internal static partial class LogMessages
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Migration {SessionId} of {Guest} to {Host}:{Port} started")]
    public static partial void SessionStarted(ILogger logger, Guid sessionId, string guest, string host, int port);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "Migration {SessionId} [{State}] {Text}")]
    public static partial void Progress(ILogger logger, Guid sessionId, string state, string text);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Migration {SessionId} of {Guest} committed: downtime {DowntimeMs:0} ms, total {TotalMs:0} ms")]
    public static partial void SessionCommitted(ILogger logger, Guid sessionId, string guest, double downtimeMs, double totalMs);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "Migration {SessionId} of {Guest} aborted in {State}: {Reason}; the source keeps the guest")]
    public static partial void SessionAborted(ILogger logger, Guid sessionId, string guest, string state, string reason);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Migration {SessionId}: clean-up after abort failed")]
    public static partial void AbortCleanupFailed(ILogger logger, Exception exception, Guid sessionId);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Receiver: session {SessionId} for {Guest} from {Peer}")]
    public static partial void ReceiverSession(ILogger logger, Guid sessionId, string guest, string peer);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Error, Message = "Receiver: session {SessionId} ended without commit: {Reason}; destination discarded")]
    public static partial void ReceiverAborted(ILogger logger, Guid sessionId, string reason);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Information, Message = "Receiver: session {SessionId} committed; destination {Destination} is {State}")]
    public static partial void ReceiverCommitted(ILogger logger, Guid sessionId, string destination, string state);
}
