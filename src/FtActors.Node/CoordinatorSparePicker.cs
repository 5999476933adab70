using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Cluster;
using FtActors.Upkeep;

namespace FtActors.Node;

/// <summary>
/// Picks the spare the placement coordinator assigned to the guest (the one upkeep feeds, so the one holding the
/// guest's pages), with the coverage last reported; falls back to <paramref name="fallback"/> when the coordinator
/// has not answered for the guest, assigned none, or assigned a spare that is no longer an Up, reachable member. The node
/// actor records each <see cref="Placement"/> it receives; <see cref="Pick"/> never waits on the network.
/// </summary>
public sealed class CoordinatorSparePicker(ISparePicker fallback, Address self, int receiverPort) : ISparePicker
{
    private readonly ConcurrentDictionary<string, Placement> _placements = new(StringComparer.Ordinal);

    /// <summary>Remembers the coordinator's latest answer for a guest.</summary>
    public void Record(Placement placement)
    {
        ArgumentNullException.ThrowIfNull(placement);
        _placements[placement.Guest] = placement;
    }

    /// <summary>Forgets a guest (it left this node).</summary>
    public void Forget(string guest) => _placements.TryRemove(guest, out _);

    /// <inheritdoc />
    public SpareChoice? Pick(string guest, long ramBytes, ClusterEvent.CurrentClusterState? cluster)
    {
        if (_placements.TryGetValue(guest, out var placement) && placement.Spare is { } spare && cluster is not null)
        {
            var member = cluster.Members.FirstOrDefault(m => m.Status == MemberStatus.Up && !cluster.Unreachable.Contains(m) && PlacementCoordinator.NameOf(m.Address) == spare);
            if (member is not null && !member.Address.Equals(self))
            {
                return new SpareChoice(member.Address.Host!, receiverPort, spare, placement.Coverage, "coordinator");
            }
        }

        return fallback.Pick(guest, ramBytes, cluster);
    }
}
