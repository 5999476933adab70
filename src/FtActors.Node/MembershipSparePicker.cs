using FtActors.Cluster.Membership;
using FtActors.Persistence.Membership;

namespace FtActors.Node;

/// <summary>
/// Picks, among Active members with the spare role other than this node, the one announcing the most memory (then
/// the most page-store space, then by address for a stable choice). Its receiver is at the member's host and the
/// cluster-wide receiver port. Coverage is 0: without upkeep nothing is pre-deployed.
/// </summary>
public sealed class MembershipSparePicker(MemberAddress self, int receiverPort) : ISparePicker
{
    /// <inheritdoc />
    public SpareChoice? Pick(string guest, long ramBytes, CurrentClusterState? cluster)
    {
        var best = cluster?.Members
            .Where(m => m.Status == MemberStatus.Active && m.Roles.HasFlag(NodeRoles.Spare) && !SameNode(m.Address))
            .OrderByDescending(m => m.Capacity.MemoryBytes)
            .ThenByDescending(m => m.Capacity.PageStoreBytes)
            .ThenBy(m => m.Address.Host, StringComparer.Ordinal)
            .ThenBy(m => m.Address.Port)
            .FirstOrDefault();
        return best is null ? null : new SpareChoice(best.Address.Host, receiverPort, $"{best.Address.Host}:{best.Address.Port}", 0, "membership");
    }

    private bool SameNode(MemberAddress a) => a.Host == self.Host && a.Port == self.Port;
}
