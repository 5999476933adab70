using Microsoft.Extensions.Logging;

namespace FtActors.Qemu;

/// <summary>The QMP client's log messages (event ids 6001-6009, the range they had in the lab).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Debug, Message = "QMP connected to {Path}: QEMU {Version}")]
    public static partial void QmpConnected(ILogger logger, string path, string version);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Trace, Message = "QMP -> {Command} (id {Id})")]
    public static partial void QmpCommand(ILogger logger, string command, long id);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Debug, Message = "QMP event {Name}")]
    public static partial void QmpEvent(ILogger logger, string name);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "QMP connection to {Path} broke")]
    public static partial void QmpBroken(ILogger logger, string path, Exception error);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "QMP event subscriber for {Name} threw")]
    public static partial void QmpSubscriberFailed(ILogger logger, string name, Exception error);
}
