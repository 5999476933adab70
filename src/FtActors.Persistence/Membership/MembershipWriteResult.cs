namespace FtActors.Persistence.Membership;

/// <summary>The outcome of a conditional membership write.</summary>
/// <param name="Status">Whether it was applied, and if not, why.</param>
/// <param name="TableVersion">The table version after the write when applied; otherwise the version the caller expected.</param>
public readonly record struct MembershipWriteResult(MembershipWriteStatus Status, long TableVersion)
{
    /// <summary>True when the row change was committed.</summary>
    public bool IsApplied => Status == MembershipWriteStatus.Applied;
}
