using FtActors.Kernel.Persistence;

namespace FtActors.Persistence.Sql;

/// <summary>
/// The kernel's <see cref="ISnapshotStore"/> on a SQL database. Saving at an existing (id, sequence number)
/// replaces the row (an upsert, one statement). Timestamps are stored with millisecond precision, and the
/// criteria's time bound is compared at that precision too.
/// </summary>
public sealed class SqlSnapshotStore : ISnapshotStore
{
    private readonly SqlQueryExecutor _executor;

    /// <summary>Creates a store on an executor whose schema is already migrated.</summary>
    public SqlSnapshotStore(SqlQueryExecutor executor)
    {
        ArgumentNullException.ThrowIfNull(executor);
        _executor = executor;
    }

    /// <inheritdoc />
    public async Task SaveAsync(SnapshotEntry snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var connection = await _executor.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var command = connection.CreateCommand(_executor.SaveSnapshotSql, null);
            command.AddParameter("persistence_id", snapshot.PersistenceId);
            command.AddParameter("sequence_nr", snapshot.SequenceNr);
            command.AddParameter("created_ms", snapshot.Timestamp.ToUnixTimeMilliseconds());
            command.AddParameter("manifest", snapshot.Manifest);
            command.AddParameter("format_version", snapshot.FormatVersion);
            command.AddParameter("payload", SqlJournal.ToArray(snapshot.Payload));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<SnapshotEntry?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        ArgumentNullException.ThrowIfNull(criteria);
        var connection = await _executor.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var command = connection.CreateCommand(_executor.LoadSnapshotSql, null);
            AddCriteria(command, persistenceId, criteria);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                return new SnapshotEntry(
                    persistenceId,
                    reader.GetInt64(0),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                    reader.GetString(2),
                    reader.GetInt32(3),
                    reader.GetFieldValue<byte[]>(4));
            }
        }
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        ArgumentNullException.ThrowIfNull(criteria);
        var connection = await _executor.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var command = connection.CreateCommand(_executor.DeleteSnapshotsSql, null);
            AddCriteria(command, persistenceId, criteria);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static void AddCriteria(System.Data.Common.DbCommand command, string persistenceId, SnapshotSelectionCriteria criteria)
    {
        command.AddParameter("persistence_id", persistenceId);
        command.AddParameter("max_nr", criteria.MaxSequenceNr);
        command.AddParameter("max_ms", criteria.MaxTimestamp.ToUnixTimeMilliseconds());
    }
}
