using FtActors.Kernel;

namespace FtActors.Cluster.Membership;

/// <summary>Marker of the commands the membership agent accepts.</summary>
public interface IMembershipCommand;

/// <summary>Deliver membership events to <paramref name="Subscriber"/>, starting with the current state.</summary>
public sealed record SubscribeMembership(IActorRef Subscriber) : IMembershipCommand;

/// <summary>Stop delivering events to <paramref name="Subscriber"/>.</summary>
public sealed record UnsubscribeMembership(IActorRef Subscriber) : IMembershipCommand;

/// <summary>Leave gracefully (ShuttingDown, then Left); replied to with <see cref="LeaveCompleted"/>.</summary>
public sealed record LeaveCluster : IMembershipCommand;

/// <summary>The reply to <see cref="LeaveCluster"/>: the row is Left (or the node was already gone).</summary>
public sealed record LeaveCompleted(bool Written);

/// <summary>Asks for the agent's last read of the table; replied to with <see cref="CurrentClusterState"/>.</summary>
public sealed record GetClusterState : IMembershipCommand;

/// <summary>
/// A heartbeat from one member's agent to another's, over remoting. It names the sender's incarnation itself, so
/// the receiver feeds the right detector even if the sender reference is lost on the way.
/// </summary>
/// <param name="Host">Sender's advertised host.</param>
/// <param name="Port">Sender's port.</param>
/// <param name="Incarnation">Sender's incarnation.</param>
/// <param name="Sequence">Increasing per sender, for logs.</param>
public sealed record ClusterHeartbeat(string Host, int Port, long Incarnation, long Sequence);
