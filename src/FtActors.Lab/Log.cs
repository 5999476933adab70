using Microsoft.Extensions.Logging;

namespace FtActors.Lab;

/// <summary>
/// The lab's log messages. Event ids are 6xxx: the house-style ranges stop at 5xxx (Pages), and the
/// lab is test infrastructure, kept apart from the runtime's ids.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "guest {Name} started: QEMU pid {Pid}, run dir {RunDir}")]
    public static partial void GuestStarted(ILogger logger, string name, int pid, string runDir);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Information, Message = "guest {Name} stopped (pid {Pid})")]
    public static partial void GuestStopped(ILogger logger, string name, int pid);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Warning, Message = "guest {Name}: pid {Pid} ignored SIGTERM, sending SIGKILL")]
    public static partial void GuestKilled(ILogger logger, string name, int pid);

    [LoggerMessage(EventId = 6013, Level = LogLevel.Debug, Message = "running: {Command}")]
    public static partial void RunningCommand(ILogger logger, string command);

    [LoggerMessage(EventId = 6020, Level = LogLevel.Information, Message = "topology {Name} created: {Nodes} nodes, rate {Rate}")]
    public static partial void TopologyCreated(ILogger logger, string name, int nodes, string rate);

    [LoggerMessage(EventId = 6021, Level = LogLevel.Information, Message = "topology {Name} removed")]
    public static partial void TopologyRemoved(ILogger logger, string name);

    [LoggerMessage(EventId = 6022, Level = LogLevel.Warning, Message = "cleanup: {What} failed: {Error}")]
    public static partial void CleanupFailed(ILogger logger, string what, string error);
}
