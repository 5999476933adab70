using FtActors.Cluster.Membership;

namespace FtActors.Node;

/// <summary>
/// Chooses the spare a guest moves to. Today <see cref="MembershipSparePicker"/> (most free capacity among Active
/// spares); the placement coordinator's answer replaces it once upkeep runs, behind this same interface.
/// </summary>
public interface ISparePicker
{
    /// <summary>The spare for <paramref name="guest"/>, or null when no spare is available.</summary>
    /// <param name="guest">Guest name.</param>
    /// <param name="ramBytes">Guest RAM.</param>
    /// <param name="cluster">Membership as last read, or null before the first read.</param>
    SpareChoice? Pick(string guest, long ramBytes, CurrentClusterState? cluster);
}
