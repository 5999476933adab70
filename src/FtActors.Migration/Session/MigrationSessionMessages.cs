using System.Text.Json.Serialization;
using FtActors.Qemu.Qmp;
using FtActors.Migration.Streaming;

namespace FtActors.Migration.Session;

/// <summary>Marker for every message a <see cref="MigrationSessionActor"/> handles or sends.</summary>
public interface IMigrationSessionMessage;

/// <summary>Command: run the session; the sender gets <see cref="MigrationProgress"/> lines and one <see cref="MigrationFinished"/>.</summary>
public sealed record StartMigration : IMigrationSessionMessage;

/// <summary>Command: abort now, from whatever state (the source resumes if it was paused).</summary>
/// <param name="Reason">Why, for the log and the report.</param>
public sealed record AbortMigration(string Reason) : IMigrationSessionMessage;

/// <summary>A human-readable progress line (round done, pausing, committed...).</summary>
/// <param name="State">The session state it was produced in.</param>
/// <param name="Text">The line.</param>
public sealed record MigrationProgress(string State, string Text) : IMigrationSessionMessage;

/// <summary>
/// Sent every <see cref="MigrationSessionActor.RoundProgressInterval"/> while a round runs: how many of the guest's
/// frames the round has reached, so a progress bar moves within a round and not only between them.
/// </summary>
/// <param name="Round">The round (0 is the first).</param>
/// <param name="FramesDone">Frames the round's connections have taken so far.</param>
/// <param name="Frames">Frames in the guest's RAM.</param>
public sealed record MigrationRoundProgress(int Round, long FramesDone, long Frames) : IMigrationSessionMessage;

/// <summary>Outcome: the session committed or aborted; the report says which.</summary>
/// <param name="Report">Counters and outcome.</param>
public sealed record MigrationFinished(MigrationReport Report) : IMigrationSessionMessage;

/// <summary>Event: the session started (persisted).</summary>
/// <param name="SessionId">Session id.</param>
/// <param name="Guest">Guest.</param>
/// <param name="Destination">host:port of the receiver.</param>
public sealed record MigrationStarted(Guid SessionId, string Guest, string Destination) : IMigrationSessionMessage;

/// <summary>Event: a round finished at the receiver (persisted).</summary>
/// <param name="Round">Round number (0 = every page).</param>
/// <param name="Final">Whether it was the paused final round.</param>
/// <param name="PagesSent">Pages sent in full.</param>
/// <param name="PagesReferenced">Pages sent as references.</param>
/// <param name="ChangedPages">Pages the round changed at the destination.</param>
/// <param name="BytesOnWire">Connection bytes so far.</param>
public sealed record MigrationRoundDone(int Round, bool Final, long PagesSent, long PagesReferenced, long ChangedPages, long BytesOnWire) : IMigrationSessionMessage;

/// <summary>Event: the destination runs the guest (persisted).</summary>
/// <param name="DowntimeMs">Downtime.</param>
/// <param name="TotalMs">Total time.</param>
public sealed record MigrationCommitted(double DowntimeMs, double TotalMs) : IMigrationSessionMessage;

/// <summary>Event: the session aborted; the source runs the guest (persisted).</summary>
/// <param name="Reason">Why.</param>
/// <param name="State">The state it aborted in.</param>
public sealed record MigrationAborted(string Reason, string State) : IMigrationSessionMessage;

/// <summary>Internal step result: the receiver accepted and prepared the destination.</summary>
internal sealed record SessionPrepared(SourceConnection Connection, QmpClient Qmp, IReadOnlyList<SourceConnection> Lanes, SoftDirtyTracker? SoftDirty, string Tracking, IReadOnlyDictionary<string, double> Timings) : IMigrationSessionMessage;

/// <summary>Internal step result: a round finished.</summary>
internal sealed record RoundFinished(int Round, bool Final, RoundCounters Counters, TimeSpan Elapsed, bool? DigestsMatched, (ChangeSample.Result Result, double Ms)? Sample = null) : IMigrationSessionMessage;

/// <summary>Internal step result: QEMU moved the device state.</summary>
internal sealed record DeviceStateMoved(MigrationInfo Info) : IMigrationSessionMessage;

/// <summary>Internal step result: the destination runs (or waits paused, as asked).</summary>
internal sealed record DestinationCommitted(string RunState) : IMigrationSessionMessage;

/// <summary>Internal step result: a step failed; the session aborts.</summary>
internal sealed record StepFailed(string Step, Exception Cause) : IMigrationSessionMessage;

/// <summary>Internal: time to report how far the running round got.</summary>
internal sealed record RoundProgressTick : IMigrationSessionMessage
{
    public static readonly RoundProgressTick Instance = new();
}

/// <summary>Internal step result: the abort's clean-up is done.</summary>
internal sealed record AbortCleanedUp(string Reason, string State) : IMigrationSessionMessage;

/// <summary>Source-generated JSON for the persisted session events.</summary>
[JsonSerializable(typeof(MigrationStarted))]
[JsonSerializable(typeof(MigrationRoundDone))]
[JsonSerializable(typeof(MigrationCommitted))]
[JsonSerializable(typeof(MigrationAborted))]
[JsonSerializable(typeof(MigrationReport))]
public sealed partial class MigrationJsonContext : JsonSerializerContext;
