using Akka.Actor;
using Akka.Cluster;

namespace FtActors.Node;

/// <summary>
/// Picks, among the Up and reachable members with the spare role other than this node, the first by address (a
/// stable choice every node makes alike; Akka members announce no capacity, the coordinator's placement does that).
/// Its receiver is at the member's host and the cluster-wide receiver port. Coverage is 0: without upkeep nothing
/// is pre-deployed.
/// </summary>
public sealed class MembershipSparePicker(Address self, int receiverPort) : ISparePicker
{
    /// <inheritdoc />
    public SpareChoice? Pick(string guest, long ramBytes, ClusterEvent.CurrentClusterState? cluster)
    {
        var best = cluster?.Members
            .Where(m => m.Status == MemberStatus.Up && m.HasRole(NodeRoleNames.Spare) && !cluster.Unreachable.Contains(m) && !m.Address.Equals(self))
            .OrderBy(m => m.Address.Host, StringComparer.Ordinal)
            .ThenBy(m => m.Address.Port)
            .FirstOrDefault();
        return best is null ? null : new SpareChoice(best.Address.Host!, receiverPort, $"{best.Address.Host}:{best.Address.Port}", 0, "membership");
    }
}
