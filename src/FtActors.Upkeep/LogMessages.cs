using Microsoft.Extensions.Logging;

namespace FtActors.Upkeep;

/// <summary>The upkeep's log lines, source-generated. Event ids are 7xxx and keep their meaning once released.</summary>
internal static partial class LogMessages
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Upkeep of {Guest}: feeding spare {Spare}, which holds {Held} pages")]
    public static partial void FeedConnected(ILogger logger, string guest, string spare, int held);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Upkeep of {Guest}: store feed failed; retrying at the next scan: {Reason}")]
    public static partial void FeedFailed(ILogger logger, string guest, string reason);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Debug, Message = "Upkeep of {Guest}: scan {Scan} in {Ms:F0} ms, {NonZero} non-zero pages, coverage {CoverageAtScan:F3} at the scan, {Sent} sent, {Coverage:F3} after")]
    public static partial void Cycle(ILogger logger, string guest, long scan, double ms, long nonZero, long sent, double coverageAtScan, double coverage);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Upkeep of {Guest}: scan failed: {Reason}")]
    public static partial void ScanFailed(ILogger logger, string guest, string reason);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Information, Message = "Store feed: {Peer} feeds guest {Guest}")]
    public static partial void ReceiverStarted(ILogger logger, string peer, string guest);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Warning, Message = "Store feed from {Peer} broken: {Reason}")]
    public static partial void ReceiverBroken(ILogger logger, string peer, string reason);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Debug, Message = "Store feed: committed generation {Generation} ({Pages} pages held)")]
    public static partial void Committed(ILogger logger, ulong generation, long pages);

    [LoggerMessage(EventId = 7020, Level = LogLevel.Information, Message = "Placement: guest {Guest} moved from {Old} to {New} ({Reason})")]
    public static partial void PlacementChanged(ILogger logger, string guest, string? old, string? @new, string reason);
}
