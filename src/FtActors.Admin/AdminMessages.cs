using System.Collections.Immutable;

namespace FtActors.Admin;

/// <summary>One Akka.NET cluster member as the answering node sees it (<c>GET /api/v1/cluster</c>).</summary>
/// <param name="Address">host:port of the member's cluster address.</param>
/// <param name="Uid">The member's unique id: a restarted process on the same address is a new member.</param>
/// <param name="Status">Akka's member status: Joining, WeaklyUp, Up, Leaving, Exiting, Down, Removed.</param>
/// <param name="Roles">"compute", "spare" or both.</param>
/// <param name="Reachable">False while the answering node's failure detector finds the member unreachable.</param>
/// <param name="IsSelf">True for the node that answered.</param>
public sealed record MemberView(string Address, long Uid, string Status, ImmutableArray<string> Roles, bool Reachable, bool IsSelf);

/// <summary>Reply of <c>GET /api/v1/cluster</c>.</summary>
/// <param name="Node">Name of the answering node (its health and Slurm name).</param>
/// <param name="Self">host:port of the answering node.</param>
/// <param name="Leader">host:port of the cluster leader as this node sees it; empty while there is none.</param>
/// <param name="Singleton">host:port of the member that runs the placement-coordinator singleton (the oldest Up member); empty while there is none.</param>
/// <param name="Members">Every member, ordered by address.</param>
public sealed record ClusterView(string Node, string Self, string Leader, string Singleton, ImmutableArray<MemberView> Members);

/// <summary>One health check after the last poll.</summary>
/// <param name="Check">Stable check name.</param>
/// <param name="Source">Source that produced it.</param>
/// <param name="State">ok, warning, failing or unknown.</param>
/// <param name="Value">Last value (or windowed count), if any.</param>
/// <param name="Unit">Unit of the value, if known.</param>
/// <param name="TimeToFailureSeconds">Estimated seconds until the trend reaches the critical limit, if a trend exists.</param>
/// <param name="Confidence">R² of that trend.</param>
/// <param name="Reason">Why the state is what it is.</param>
public sealed record CheckView(string Check, string Source, string State, double? Value, string? Unit, double? TimeToFailureSeconds, double? Confidence, string Reason);

/// <summary>Reply of <c>GET /api/v1/health</c>.</summary>
/// <param name="Node">The node.</param>
/// <param name="Maintenance">Maintenance mode: states are reported, nothing acts.</param>
/// <param name="Polls">Polls completed since start.</param>
/// <param name="Checks">Every check, ordered by name.</param>
/// <param name="LastPrediction">The last failure prediction this node acted on, if any.</param>
public sealed record HealthView(string Node, bool Maintenance, long Polls, ImmutableArray<CheckView> Checks, PredictionView? LastPrediction);

/// <summary>A failure prediction as the node saw it.</summary>
/// <param name="Node">Node expected to fail.</param>
/// <param name="ExpectedFailureUtc">When.</param>
/// <param name="Confidence">0..1.</param>
/// <param name="Reason">Why.</param>
/// <param name="Source">Who predicted.</param>
/// <param name="ReceivedUtc">When this node received it.</param>
public sealed record PredictionView(string Node, DateTimeOffset ExpectedFailureUtc, double Confidence, string Reason, string Source, DateTimeOffset ReceivedUtc);

/// <summary>A guest of the answering node.</summary>
/// <param name="Name">Guest name.</param>
/// <param name="State">running, migrating or moved (committed to a spare).</param>
/// <param name="RamBytes">Guest RAM.</param>
/// <param name="Coverage">Fraction of its pages its spare holds (0 when no upkeep runs).</param>
/// <param name="Spare">The spare chosen for it now, if any.</param>
/// <param name="TimeToEvacuateSeconds">Estimated seconds to move it off now (stop-and-copy at the configured link rate).</param>
/// <param name="QmpSocket">QMP socket of its QEMU.</param>
/// <param name="RamFile">Its shared RAM file.</param>
/// <param name="Workload">Lab workload, when it is a lab guest.</param>
public sealed record GuestView(string Name, string State, long RamBytes, double Coverage, string? Spare, double TimeToEvacuateSeconds, string QmpSocket, string RamFile, string? Workload);

/// <summary>Reply of <c>GET /api/v1/guests</c>.</summary>
/// <param name="Node">The node.</param>
/// <param name="Guests">Its guests, by name.</param>
public sealed record GuestsView(string Node, ImmutableArray<GuestView> Guests);

/// <summary>Which spare holds (or would receive) a guest.</summary>
/// <param name="Guest">Guest name.</param>
/// <param name="Node">Node the guest runs on.</param>
/// <param name="Spare">Its spare (host:port of the spare's migration receiver), or null when none is available.</param>
/// <param name="Coverage">Fraction of the guest's pages the spare holds.</param>
/// <param name="Source">Who decided: "coordinator" or "membership" (most free capacity among Active spares).</param>
public sealed record PlacementView(string Guest, string Node, string? Spare, double Coverage, string Source);

/// <summary>Reply of <c>GET /api/v1/placements</c>.</summary>
/// <param name="Placements">One row per guest of the answering node.</param>
public sealed record PlacementsView(ImmutableArray<PlacementView> Placements);

/// <summary>One migration session started by the answering node, running or finished.</summary>
/// <param name="Id">Session id (also its journal stream, <c>migration-{id:N}</c>).</param>
/// <param name="Guest">Guest being moved.</param>
/// <param name="Destination">host:port of the receiver.</param>
/// <param name="Mode">live or stop-and-copy.</param>
/// <param name="Trigger">What started it: an operator request or a prediction, with its reason.</param>
/// <param name="State">Session state (Preparing, Round(n), StopAndCopy, DeviceState, Committing) or committed / aborted.</param>
/// <param name="Progress">0..1 by phase: preparing 0.05, rounds up to 0.8, final round 0.85, device state 0.9, done 1.</param>
/// <param name="LastLine">The session's last progress line.</param>
/// <param name="StartedUtc">When it started.</param>
/// <param name="FinishedUtc">When it ended, or null while running.</param>
/// <param name="Outcome">committed or aborted, or null while running.</param>
/// <param name="Reason">Why it aborted.</param>
/// <param name="Rounds">Rounds done (from the final report).</param>
/// <param name="BytesOnWire">Bytes on the page connection (from the final report).</param>
/// <param name="DowntimeMs">Downtime (from the final report).</param>
/// <param name="TotalMs">Total time (from the final report).</param>
public sealed record MigrationView(
    Guid Id, string Guest, string Destination, string Mode, string Trigger, string State, double Progress, string LastLine,
    DateTimeOffset StartedUtc, DateTimeOffset? FinishedUtc, string? Outcome, string? Reason, int Rounds, long BytesOnWire, double DowntimeMs, double TotalMs);

/// <summary>Reply of <c>GET /api/v1/migrations</c>.</summary>
/// <param name="Node">The node.</param>
/// <param name="Migrations">Running first, then finished ones, newest first.</param>
public sealed record MigrationsView(string Node, ImmutableArray<MigrationView> Migrations);

/// <summary>Body of <c>POST /api/v1/migrations</c>: move a guest of the answering node now.</summary>
/// <param name="Guest">The guest.</param>
/// <param name="To">host:port of a receiver; null lets the node pick a spare.</param>
public sealed record MigrateRequest(string Guest, string? To);

/// <summary>Body of <c>POST /api/v1/drain</c> and <c>POST /api/v1/undrain</c>.</summary>
/// <param name="Node">Slurm node name.</param>
/// <param name="Reason">Drain reason (FtActors prefixes it with "FtActors:"); ignored by undrain.</param>
public sealed record DrainRequest(string Node, string? Reason);

/// <summary>Reply of every action route.</summary>
/// <param name="Ok">Whether the action was done.</param>
/// <param name="Message">What happened, in words.</param>
/// <param name="Id">The migration id for a migrate action, else null.</param>
public sealed record ActionResult(bool Ok, string Message, Guid? Id = null);

/// <summary>Reply of <c>GET /api/v1/upkeep</c> and the upkeep actions.</summary>
/// <param name="Paused">Whether upkeep is paused on the answering node.</param>
/// <param name="Running">Whether an upkeep engine runs on this node at all.</param>
/// <param name="Message">What happened.</param>
public sealed record UpkeepView(bool Paused, bool Running, string Message);

/// <summary>Every error reply (4xx, 5xx): what was wrong, what was expected, what was found.</summary>
/// <param name="Error">Short description.</param>
/// <param name="Expected">What the endpoint expected.</param>
/// <param name="Found">What it found instead.</param>
public sealed record AdminError(string Error, string Expected, string Found);
