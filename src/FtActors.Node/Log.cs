using Microsoft.Extensions.Logging;

namespace FtActors.Node;

/// <summary>The node host's lifecycle log lines (6100–6199, inside the cluster range).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Node {Address} starting (incarnation {Incarnation}, membership {Provider})")]
    public static partial void Starting(ILogger logger, string address, long incarnation, string provider);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "Node {Address} is up")]
    public static partial void Up(ILogger logger, string address);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Information, Message = "Node {Address} leaving the cluster")]
    public static partial void Leaving(ILogger logger, string address);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Information, Message = "Node {Address} stopped")]
    public static partial void Stopped(ILogger logger, string address);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Warning, Message = "Parent process {Pid} is gone; stopping")]
    public static partial void ParentGone(ILogger logger, int pid);

    [LoggerMessage(EventId = 6106, Level = LogLevel.Error, Message = "Node declared dead by the cluster ({Reason}); exiting so it restarts as a new incarnation")]
    public static partial void DeclaredDead(ILogger logger, string reason);

    [LoggerMessage(EventId = 6107, Level = LogLevel.Information, Message = "Placement coordinator running on {Address}: activation {Activation} (recovered {Recovered} earlier)")]
    public static partial void CoordinatorActivated(ILogger logger, string address, long activation, long recovered);
}
