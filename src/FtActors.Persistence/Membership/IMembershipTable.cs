namespace FtActors.Persistence.Membership;

/// <summary>
/// The shared table a cluster's membership protocol runs on (after Orleans' membership table, in our own
/// shape). Each instance is bound to one cluster id. Every row change bumps the cluster's table version in the
/// same transaction, conditional on the version the caller read: of two nodes acting on the same read, exactly
/// one wins and the other gets <see cref="MembershipWriteStatus.TableVersionChanged"/>, as a result value.
/// The liveness heartbeat (<see cref="UpdateIAmAliveAsync"/>) is the one write that leaves the version alone, so
/// heartbeats never make a protocol decision lose.
/// </summary>
public interface IMembershipTable
{
    /// <summary>The cluster whose rows this instance reads and writes.</summary>
    string ClusterId { get; }

    /// <summary>All rows of the cluster and the table version, as one consistent snapshot.</summary>
    Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>The row of one incarnation (or none) and the table version, as one consistent snapshot.</summary>
    Task<MembershipTableData> ReadRowAsync(MemberAddress address, CancellationToken cancellationToken);

    /// <summary>
    /// Adds a row for a new incarnation and bumps the version, if the version still equals
    /// <paramref name="expectedVersion"/> (0 for a cluster nobody has written yet).
    /// </summary>
    Task<MembershipWriteResult> InsertRowAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces an existing row (status, roles, capacity, suspect votes, times) and bumps the version, if the
    /// version still equals <paramref name="expectedVersion"/>.
    /// </summary>
    Task<MembershipWriteResult> UpdateRowAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Writes only the row's liveness time, unconditionally and without bumping the version.
    /// Returns false when the incarnation has no row (it was cleaned up or never inserted).
    /// </summary>
    Task<bool> UpdateIAmAliveAsync(MemberAddress address, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken);

    /// <summary>Removes every row and the version of <paramref name="clusterId"/> (tests, decommissioning).</summary>
    Task DeleteMembershipTableAsync(string clusterId, CancellationToken cancellationToken);

    /// <summary>
    /// Removes rows of this cluster that are not <see cref="MemberStatus.Active"/> and have not reported alive
    /// since <paramref name="before"/> (Orleans' CleanupDefunctSiloEntries; a "silo" is a node incarnation
    /// here). Bumps the version when it removed anything. Returns how many rows went.
    /// </summary>
    Task<int> CleanupDefunctSiloEntriesAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
