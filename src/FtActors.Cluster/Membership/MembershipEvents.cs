using System.Collections.Immutable;
using FtActors.Persistence.Membership;

namespace FtActors.Cluster.Membership;

/// <summary>Marker of the events the membership agent delivers to its subscribers.</summary>
public interface IMembershipEvent;

/// <summary>A new incarnation wrote its row and is joining.</summary>
public sealed record MemberJoined(MembershipEntry Member) : IMembershipEvent;

/// <summary>A member became Active (or was first seen Active).</summary>
public sealed record MemberUp(MembershipEntry Member) : IMembershipEvent;

/// <summary>A member got a new suspicion vote; it is not dead yet.</summary>
public sealed record MemberSuspected(MembershipEntry Member) : IMembershipEvent;

/// <summary>A member started a graceful leave (ShuttingDown).</summary>
public sealed record MemberLeaving(MembershipEntry Member) : IMembershipEvent;

/// <summary>A member finished a graceful leave (Left).</summary>
public sealed record MemberLeft(MembershipEntry Member) : IMembershipEvent;

/// <summary>A member was declared Dead by the table: every node reads the same verdict.</summary>
public sealed record MemberDown(MembershipEntry Member) : IMembershipEvent;

/// <summary>A member's row was deleted (cleanup of defunct rows).</summary>
public sealed record MemberRemoved(MembershipEntry Member) : IMembershipEvent;

/// <summary>
/// The whole table as this node last read it. Sent on subscribe and again after every batch of events, so a
/// subscriber that only needs the current view (singleton, pub/sub) never has to fold events itself.
/// </summary>
/// <param name="Self">This node's incarnation.</param>
/// <param name="Members">All rows, ordered by address.</param>
public sealed record CurrentClusterState(MemberAddress Self, ImmutableArray<MembershipEntry> Members) : IMembershipEvent
{
    /// <summary>Active members, oldest (earliest start, then address) first.</summary>
    public ImmutableArray<MembershipEntry> ActiveByAge() =>
        [.. Members.Where(m => m.Status == MemberStatus.Active)
            .OrderBy(m => m.StartTime)
            .ThenBy(m => m.Address.Host, StringComparer.Ordinal)
            .ThenBy(m => m.Address.Port)
            .ThenBy(m => m.Address.Incarnation)];

    /// <summary>Value equality over the rows, which <see cref="ImmutableArray{T}"/> alone does not give.</summary>
    public bool Equals(CurrentClusterState? other) =>
        other is not null && Self == other.Self && Members.SequenceEqual(other.Members);

    /// <summary>Consistent with <see cref="Equals(CurrentClusterState?)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(Self, Members.Length);
}

/// <summary>This node found its own row Dead (or gone): it stops and must restart as a new incarnation.</summary>
public sealed record SelfDeclaredDead(MemberAddress Self, string Reason) : IMembershipEvent;
