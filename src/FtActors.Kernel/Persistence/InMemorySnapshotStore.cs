namespace FtActors.Kernel.Persistence;

/// <summary>A snapshot store in process memory, for tests.</summary>
public sealed class InMemorySnapshotStore : ISnapshotStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SortedDictionary<long, SnapshotEntry>> _snapshots = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task SaveAsync(SnapshotEntry snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_lock)
        {
            if (!_snapshots.TryGetValue(snapshot.PersistenceId, out var stream))
            {
                stream = [];
                _snapshots.Add(snapshot.PersistenceId, stream);
            }

            stream[snapshot.SequenceNr] = snapshot;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<SnapshotEntry?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        ArgumentNullException.ThrowIfNull(criteria);
        lock (_lock)
        {
            var found = _snapshots.TryGetValue(persistenceId, out var stream)
                ? stream.Values.Where(criteria.Matches).LastOrDefault()
                : null;
            return Task.FromResult(found);
        }
    }

    /// <inheritdoc />
    public Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        ArgumentNullException.ThrowIfNull(criteria);
        lock (_lock)
        {
            if (_snapshots.TryGetValue(persistenceId, out var stream))
            {
                foreach (var key in stream.Values.Where(criteria.Matches).Select(s => s.SequenceNr).ToList())
                {
                    stream.Remove(key);
                }
            }
        }

        return Task.CompletedTask;
    }
}
