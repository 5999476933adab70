using System.Collections.Immutable;
using FtActors.Health;
using FtActors.Migration.Receiving;
using FtActors.Migration.Session;

namespace FtActors.Node;

/// <summary>Marker for the messages <see cref="NodeActor"/> handles.</summary>
public interface INodeMessage;

/// <summary>Asks for the node's guests; the reply is <see cref="Admin.GuestsView"/>.</summary>
public sealed record GetGuests : INodeMessage;

/// <summary>Asks where each guest would go; the reply is <see cref="Admin.PlacementsView"/>.</summary>
public sealed record GetPlacements : INodeMessage;

/// <summary>Asks for running and past migrations; the reply is <see cref="Admin.MigrationsView"/>.</summary>
public sealed record GetMigrations : INodeMessage;

/// <summary>Asks for the health checks; the reply is <see cref="Admin.HealthView"/>.</summary>
public sealed record GetNodeHealth : INodeMessage;

/// <summary>Asks for the Akka.NET cluster membership as this node sees it; the reply is <see cref="Admin.ClusterView"/>.</summary>
public sealed record GetClusterView : INodeMessage;

/// <summary>Asks whether upkeep is paused; the reply is <see cref="Admin.UpkeepView"/>.</summary>
public sealed record GetUpkeep : INodeMessage;

/// <summary>Command: move <paramref name="Guest"/> now, to <paramref name="To"/> (host:port) or a picked spare; reply <see cref="Admin.ActionResult"/>.</summary>
public sealed record MigrateGuest(string Guest, string? To, string Trigger) : INodeMessage;

/// <summary>Command: act on (or forward) a failure prediction; reply <see cref="Admin.ActionResult"/>.</summary>
/// <param name="Prediction">The prediction.</param>
/// <param name="Origin">policy, admin or cluster.</param>
public sealed record SubmitPrediction(FailurePrediction Prediction, string Origin) : INodeMessage;

/// <summary>Command: drain <paramref name="Node"/> in Slurm; reply <see cref="Admin.ActionResult"/>.</summary>
public sealed record DrainNode(string Node, string? Reason) : INodeMessage;

/// <summary>Command: resume <paramref name="Node"/> in Slurm if FtActors drained it; reply <see cref="Admin.ActionResult"/>.</summary>
public sealed record UndrainNode(string Node) : INodeMessage;

/// <summary>Command: pause or resume upkeep; reply <see cref="Admin.UpkeepView"/>.</summary>
public sealed record SetUpkeepPaused(bool Paused) : INodeMessage;

/// <summary>Event from the receiver host: an incoming migration ended.</summary>
public sealed record ReceiverSessionEnded(ReceiverResult Result) : INodeMessage;

/// <summary>Internal: the guest list was re-read.</summary>
internal sealed record GuestsRefreshed(ImmutableArray<NodeGuest> Guests) : INodeMessage;

/// <summary>Internal: a session reported progress.</summary>
internal sealed record SessionProgress(Guid Id, MigrationProgress Progress) : INodeMessage;

/// <summary>Internal: how far a session's running round got, tagged with the migration id.</summary>
internal sealed record SessionRoundProgress(Guid Id, MigrationRoundProgress Progress) : INodeMessage;

/// <summary>Internal: a session ended.</summary>
internal sealed record SessionFinished(Guid Id, MigrationReport Report) : INodeMessage;

/// <summary>Internal: a Slurm drain or resume finished.</summary>
internal sealed record SlurmDone(bool Drain, bool Done, string Message) : INodeMessage;

/// <summary>Internal: the monitor's status, asked after each poll to feed the metrics.</summary>
internal sealed record StatusForMetrics(HealthStatus Status) : INodeMessage;
