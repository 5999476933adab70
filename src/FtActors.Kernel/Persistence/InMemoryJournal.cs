using System.Runtime.CompilerServices;

namespace FtActors.Kernel.Persistence;

/// <summary>
/// A journal in process memory, for tests and for trying things out. It keeps deleted events as tombstones so
/// their sequence numbers stay taken, which is what the SQL journals do with their <c>is_deleted</c> column.
/// </summary>
public sealed class InMemoryJournal : IJournal
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SortedDictionary<long, Stored>> _streams = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task WriteAsync(IReadOnlyList<JournalEntry> batch, CancellationToken cancellationToken)
    {
        JournalBatch.Validate(batch);
        cancellationToken.ThrowIfCancellationRequested();
        var id = batch[0].PersistenceId;
        lock (_lock)
        {
            if (!_streams.TryGetValue(id, out var stream))
            {
                stream = [];
                _streams.Add(id, stream);
            }

            foreach (var entry in batch)
            {
                if (stream.ContainsKey(entry.SequenceNr))
                {
                    return Task.FromException(new JournalConcurrencyException(id, entry.SequenceNr));
                }
            }

            foreach (var entry in batch)
            {
                stream.Add(entry.SequenceNr, new Stored(entry, Deleted: false));
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<JournalEntry> ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        List<JournalEntry> selected;
        lock (_lock)
        {
            selected = !_streams.TryGetValue(persistenceId, out var stream)
                ? []
                : [.. stream.Values
                    .Where(s => !s.Deleted && s.Entry.SequenceNr >= fromSequenceNr && s.Entry.SequenceNr <= toSequenceNr)
                    .Take(max > int.MaxValue ? int.MaxValue : (int)Math.Max(0, max))
                    .Select(s => s.Entry)];
        }

        foreach (var entry in selected)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        lock (_lock)
        {
            return Task.FromResult(_streams.TryGetValue(persistenceId, out var stream) && stream.Count > 0 ? stream.Keys.Max() : 0L);
        }
    }

    /// <inheritdoc />
    public Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        lock (_lock)
        {
            if (_streams.TryGetValue(persistenceId, out var stream))
            {
                foreach (var key in stream.Keys.Where(k => k <= toSequenceNr).ToList())
                {
                    stream[key] = stream[key] with { Deleted = true };
                }
            }
        }

        return Task.CompletedTask;
    }

    private sealed record Stored(JournalEntry Entry, bool Deleted);
}
