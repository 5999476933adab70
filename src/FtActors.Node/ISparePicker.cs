using Akka.Cluster;

namespace FtActors.Node;

/// <summary>
/// Chooses the spare a guest moves to. Today <see cref="MembershipSparePicker"/> (the first Up, reachable spare by address
/// ); the placement coordinator's answer replaces it once upkeep runs, behind this same interface.
/// </summary>
public interface ISparePicker
{
    /// <summary>The spare for <paramref name="guest"/>, or null when no spare is available.</summary>
    /// <param name="guest">Guest name.</param>
    /// <param name="ramBytes">Guest RAM.</param>
    /// <param name="cluster">The cluster as this node last saw it, or null before the first event.</param>
    SpareChoice? Pick(string guest, long ramBytes, ClusterEvent.CurrentClusterState? cluster);
}
