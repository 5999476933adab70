using System.Collections.Immutable;

namespace FtActors.Persistence.Membership;

/// <summary>
/// Rows of the membership table and the table version they were read at, read together in one statement.
/// A writer passes <see cref="Version"/> back as the expected version; if anyone changed the table since,
/// the write loses.
/// </summary>
/// <param name="Version">The cluster version at the time of the read; 0 for a cluster with no rows yet.</param>
/// <param name="Members">The rows, ordered by host, port and incarnation.</param>
public sealed record MembershipTableData(long Version, ImmutableArray<MembershipEntry> Members)
{
    /// <summary>The row of <paramref name="address"/>, or null when the table has none.</summary>
    public MembershipEntry? Find(MemberAddress address)
    {
        foreach (var member in Members)
        {
            if (member.Address == address)
            {
                return member;
            }
        }

        return null;
    }

    /// <summary>Value equality over the rows, which <see cref="ImmutableArray{T}"/> alone does not give.</summary>
    public bool Equals(MembershipTableData? other) =>
        other is not null && Version == other.Version && Members.SequenceEqual(other.Members);

    /// <summary>Hashes the version and row count; consistent with <see cref="Equals(MembershipTableData?)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(Version, Members.Length);
}
