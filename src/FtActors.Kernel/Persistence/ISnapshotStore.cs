namespace FtActors.Kernel.Persistence;

/// <summary>
/// Stores snapshots of persistent actors. Implementations must pass the TestKit's <c>SnapshotStoreSpec</c>.
/// Saving the same (id, sequence number) twice replaces the first.
/// </summary>
public interface ISnapshotStore
{
    /// <summary>Stores (or replaces) a snapshot.</summary>
    Task SaveAsync(SnapshotEntry snapshot, CancellationToken cancellationToken);

    /// <summary>The snapshot with the highest sequence number matching <paramref name="criteria"/>, or null.</summary>
    Task<SnapshotEntry?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken);

    /// <summary>Deletes every snapshot of the id matching <paramref name="criteria"/>.</summary>
    Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken);
}
