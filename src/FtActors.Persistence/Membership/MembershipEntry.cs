using System.Collections.Immutable;

namespace FtActors.Persistence.Membership;

/// <summary>
/// One row of the membership table: a node incarnation and what the cluster knows about it. Times are
/// stored with millisecond precision; compare entries read back after truncating yours.
/// </summary>
/// <param name="Address">The node incarnation this row is about (the key, with the table's cluster id).</param>
/// <param name="Status">Its life stage.</param>
/// <param name="Roles">What it offers (compute, spare).</param>
/// <param name="Capacity">The resources it announces.</param>
/// <param name="SuspectTimes">Votes that it is dead, oldest first; empty while nobody suspects it.</param>
/// <param name="StartTime">When the incarnation started.</param>
/// <param name="IAmAliveTime">When it last wrote that it is alive.</param>
public sealed record MembershipEntry(
    MemberAddress Address,
    MemberStatus Status,
    NodeRoles Roles,
    NodeCapacity Capacity,
    ImmutableArray<SuspectTime> SuspectTimes,
    DateTimeOffset StartTime,
    DateTimeOffset IAmAliveTime)
{
    /// <summary>
    /// Value equality including the suspect votes: <see cref="ImmutableArray{T}"/> compares by reference,
    /// which would make two reads of the same row unequal.
    /// </summary>
    public bool Equals(MembershipEntry? other) =>
        other is not null
        && Address == other.Address
        && Status == other.Status
        && Roles == other.Roles
        && Capacity == other.Capacity
        && StartTime == other.StartTime
        && IAmAliveTime == other.IAmAliveTime
        && SuspectTimes.IsDefault == other.SuspectTimes.IsDefault
        && (SuspectTimes.IsDefault || SuspectTimes.SequenceEqual(other.SuspectTimes));

    /// <summary>Hashes the key and status; consistent with <see cref="Equals(MembershipEntry?)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(Address, Status, Roles, StartTime, IAmAliveTime);
}
