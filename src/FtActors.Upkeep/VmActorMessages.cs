
namespace FtActors.Upkeep;

/// <summary>Marker of the messages a VmActor handles.</summary>
public interface IVmActorMessage;

/// <summary>Asks for the guest's coverage now; reply: <see cref="CoverageReport"/> (Spare empty and 0 held before the first scan).</summary>
public sealed record GetCoverage() : IVmActorMessage;

/// <summary>Starts a scan now instead of at the next tick (ignored while one runs).</summary>
public sealed record ScanNow() : IVmActorMessage;

/// <summary>Asks for the counters of the last cycle; reply: <see cref="UpkeepStatus"/>.</summary>
public sealed record GetUpkeepStatus() : IVmActorMessage;

/// <summary>Counters of a VmActor, for the CLI and logs.</summary>
/// <param name="Guest">Guest name.</param>
/// <param name="Spare">The spare fed, or null while disconnected.</param>
/// <param name="Scans">Scans completed.</param>
/// <param name="NonZeroPages">Distinct non-zero pages at the last scan.</param>
/// <param name="SelectedFrames">Frames the policy selected at the last scan.</param>
/// <param name="HeldPages">How many of the non-zero pages the spare holds now.</param>
/// <param name="PagesSent">Pages sent in total.</param>
/// <param name="BytesSent">Payload bytes sent in total.</param>
/// <param name="LastScanDuration">Wall time of the last scan.</param>
/// <param name="LastError">The last feed or scan error, if any.</param>
public sealed record UpkeepStatus(string Guest, string? Spare, long Scans, long NonZeroPages, long SelectedFrames, long HeldPages, long PagesSent, long BytesSent, TimeSpan LastScanDuration, string? LastError) : IVmActorMessage;

/// <summary>
/// Published on the event stream after every cycle (scan, then shipping), for tools that chart upkeep over time;
/// the same cycle's <see cref="CoverageReport"/> is published beside it.
/// </summary>
/// <param name="Scan">The cycle's number, from 1.</param>
/// <param name="Coverage">The cycle's coverage before and after shipping.</param>
/// <param name="PagesSent">Pages this cycle shipped.</param>
/// <param name="PagesChanged">Selected pages skipped because their frame changed between the scan and the send.</param>
/// <param name="BytesSent">Payload bytes this cycle shipped (pages and the guest map).</param>
/// <param name="ScanDuration">Wall time of the scan.</param>
/// <param name="ShipDuration">Wall time of the shipping, acknowledgements included.</param>
/// <param name="Error">Why the shipping failed (the feed reconnects at the next tick), or null.</param>
public sealed record UpkeepCycleCompleted(long Scan, CoverageReport Coverage, long PagesSent, long PagesChanged, long BytesSent,
    TimeSpan ScanDuration, TimeSpan ShipDuration, string? Error) : IVmActorMessage;

internal sealed record Tick : IVmActorMessage
{
    public static readonly Tick Instance = new();
}

internal sealed record FeedConnected(IStoreFeed Feed) : IVmActorMessage;

internal sealed record FeedFailed(Exception Cause) : IVmActorMessage;

internal sealed record CycleDone(ScanResult Scan, ShipResult? Ship, TimeSpan ScanDuration, TimeSpan ShipDuration, DateTimeOffset At, Exception? ShipError) : IVmActorMessage;
