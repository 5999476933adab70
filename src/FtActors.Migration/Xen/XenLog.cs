using Microsoft.Extensions.Logging;

namespace FtActors.Migration.Xen;

/// <summary>Log events of Xen image moves (45xx, inside the Migration range; LogMessages.cs belongs to the session code).</summary>
internal static partial class XenLog
{
    [LoggerMessage(EventId = 4501, Level = LogLevel.Information, Message = "Xen image move {SessionId}: {Image} ({Bytes} bytes) to {Host}:{Port}")]
    public static partial void MoveStarted(ILogger logger, Guid sessionId, string image, long bytes, string host, int port);

    [LoggerMessage(EventId = 4502, Level = LogLevel.Information, Message = "Xen image move {SessionId} written: {Wire} bytes on the wire, {Sent} pages sent, {Referenced} referenced, {Zero} zero")]
    public static partial void MoveWritten(ILogger logger, Guid sessionId, long wire, long sent, long referenced, long zero);

    [LoggerMessage(EventId = 4503, Level = LogLevel.Error, Message = "Xen image move {SessionId} aborted: {Reason}")]
    public static partial void MoveAborted(ILogger logger, Guid sessionId, string reason);

    [LoggerMessage(EventId = 4510, Level = LogLevel.Information, Message = "Xen image receiver: move {SessionId} of {Image} from {Peer} into {Output}")]
    public static partial void ReceiveStarted(ILogger logger, Guid sessionId, string image, string peer, string output);

    [LoggerMessage(EventId = 4511, Level = LogLevel.Error, Message = "Xen image receiver: move {SessionId} ended without an image: {Reason}; temporary files removed")]
    public static partial void ReceiveAborted(ILogger logger, Guid sessionId, string reason);

    [LoggerMessage(EventId = 4512, Level = LogLevel.Information, Message = "Xen image receiver: move {SessionId} wrote {Output} ({Bytes} bytes)")]
    public static partial void ReceiveWritten(ILogger logger, Guid sessionId, string output, long bytes);
}
