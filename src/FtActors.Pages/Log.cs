using Microsoft.Extensions.Logging;

namespace FtActors.Pages;

/// <summary>Log messages of FtActors.Pages (event ids 5xxx, the Pages range of the house style).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Page engine chosen: {Engine} ({Reason})")]
    public static partial void EngineChosen(ILogger logger, string engine, string reason);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Native page library could not be loaded, using the managed engine: {Reason}")]
    public static partial void NativeUnavailable(ILogger logger, string reason);
}
