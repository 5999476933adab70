using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FtActors.Kernel.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FtActors.Persistence.Sql;

/// <summary>
/// The kernel's <see cref="IJournal"/> on a SQL database, plain ADO.NET over a <see cref="SqlQueryExecutor"/>.
/// A batch is one transaction, so a crash or a conflict mid-batch leaves none of it. The unique key
/// (persistence_id, sequence_nr) is the concurrency guard: a collision means a second live writer for the id,
/// reported as <see cref="JournalConcurrencyException"/> for the writer to stop on, never retried here.
/// Timestamps are stored with millisecond precision.
/// </summary>
public sealed class SqlJournal : IJournal
{
    private readonly SqlQueryExecutor _executor;
    private readonly SqlJournalOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a journal on an executor whose schema is already migrated.</summary>
    public SqlJournal(SqlQueryExecutor executor, SqlJournalOptions? options = null, ILogger<SqlJournal>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(executor);
        _executor = executor;
        _options = options ?? new SqlJournalOptions();
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public async Task WriteAsync(IReadOnlyList<JournalEntry> batch, CancellationToken cancellationToken)
    {
        JournalBatch.Validate(batch);
        var persistenceId = batch[0].PersistenceId;
        var connection = await _executor.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            long conflict;
            var transaction = await _executor.BeginWriteTransactionAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                try
                {
                    conflict = connection.CanCreateBatch
                        ? await InsertAsBatchAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false)
                        : await InsertOneByOneAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false);
                }
                catch (DbException e) when (_executor.IsUniqueViolation(e))
                {
                    conflict = -1;
                }

                if (conflict == 0)
                {
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    Log.JournalBatchWritten(_logger, batch.Count, persistenceId, batch[^1].SequenceNr);
                    return;
                }

                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            }

            if (conflict < 0)
            {
                conflict = await FindTakenSequenceNrAsync(connection, batch, cancellationToken).ConfigureAwait(false);
            }

            Log.JournalConflict(_logger, persistenceId, conflict);
            throw new JournalConcurrencyException(persistenceId, conflict);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<JournalEntry> ReplayAsync(
        string persistenceId, long fromSequenceNr, long toSequenceNr, long max, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        // SQLite reads a negative LIMIT as "no limit"; the contract says at most max, so none.
        if (max <= 0 || toSequenceNr < fromSequenceNr)
        {
            yield break;
        }

        var connection = await _executor.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var command = connection.CreateCommand(_executor.ReplaySql, null);
            command.AddParameter("persistence_id", persistenceId);
            command.AddParameter("from_nr", fromSequenceNr);
            command.AddParameter("to_nr", toSequenceNr);
            command.AddParameter("max", max);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield return new JournalEntry(
                        persistenceId,
                        reader.GetInt64(0),
                        reader.GetString(1),
                        reader.GetInt32(2),
                        reader.GetFieldValue<byte[]>(4),
                        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)));
                }
            }
        }
    }

    /// <inheritdoc />
    public async Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        var connection = await _executor.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var command = connection.CreateCommand(_executor.HighestSequenceNrSql, null);
            command.AddParameter("persistence_id", persistenceId);
            return await command.ExecuteInt64Async(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        string[] statements = _options.DeleteMode == JournalDeleteMode.Logical
            ? [_executor.MarkEventsDeletedSql]
            : [_executor.RecordDeletedHighestSql, _executor.PruneMetadataSql, _executor.DeleteEventsSql];
        var connection = await _executor.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await _executor.BeginWriteTransactionAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                foreach (var sql in statements)
                {
                    await using var command = connection.CreateCommand(sql, transaction);
                    command.AddParameter("persistence_id", persistenceId);
                    command.AddParameter("to_nr", toSequenceNr);
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        Log.JournalDeleted(_logger, persistenceId, toSequenceNr, _options.DeleteMode);
    }

    // Returns 0 when every row went in, else the sequence number a journal_metadata row already covers.
    private async Task<long> InsertOneByOneAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<JournalEntry> batch, CancellationToken cancellationToken)
    {
        // One command, re-bound per row: the engine prepares the statement once for the whole batch.
        await using var command = connection.CreateCommand(_executor.InsertEventSql, transaction);
        var parameters = InsertParameters.AddTo(command);
        foreach (var entry in batch)
        {
            parameters.Bind(entry);
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                return entry.SequenceNr;
            }
        }

        return 0;
    }

    // One round trip for the whole batch where the provider supports DbBatch (Npgsql does, SQLite does not).
    private async Task<long> InsertAsBatchAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<JournalEntry> batch, CancellationToken cancellationToken)
    {
        await using var dbBatch = connection.CreateBatch();
        dbBatch.Transaction = transaction;
        foreach (var entry in batch)
        {
            var command = dbBatch.CreateBatchCommand();
            command.CommandText = _executor.InsertEventSql;
            InsertParameters.Bind(command, entry);
            dbBatch.BatchCommands.Add(command);
        }

        await dbBatch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < batch.Count; i++)
        {
            if (dbBatch.BatchCommands[i].RecordsAffected == 0)
            {
                return batch[i].SequenceNr;
            }
        }

        return 0;
    }

    // After a unique violation rolled the batch back: name the first number another writer holds (a logically
    // deleted row counts). If that row is gone again (deleted in between), the batch's first number is the
    // honest answer.
    private async Task<long> FindTakenSequenceNrAsync(DbConnection connection, IReadOnlyList<JournalEntry> batch, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(_executor.FirstTakenSequenceNrSql, null);
        command.AddParameter("persistence_id", batch[0].PersistenceId);
        command.AddParameter("from_nr", batch[0].SequenceNr);
        command.AddParameter("to_nr", batch[^1].SequenceNr);
        var taken = await command.ExecuteInt64Async(cancellationToken).ConfigureAwait(false);
        return taken == 0 ? batch[0].SequenceNr : taken;
    }

    internal static byte[] ToArray(ReadOnlyMemory<byte> payload) =>
        MemoryMarshal.TryGetArray(payload, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : payload.ToArray();

    /// <summary>The insert statement's parameters, created once per command and re-bound per entry.</summary>
    private sealed class InsertParameters
    {
        private DbParameter _persistenceId = null!;
        private DbParameter _sequenceNr = null!;
        private DbParameter _manifest = null!;
        private DbParameter _formatVersion = null!;
        private DbParameter _timestamp = null!;
        private DbParameter _payload = null!;

        public static InsertParameters AddTo(DbCommand command)
        {
            var parameters = new InsertParameters
            {
                _persistenceId = command.AddParameter("persistence_id", null),
                _sequenceNr = command.AddParameter("sequence_nr", null),
                _manifest = command.AddParameter("manifest", null),
                _formatVersion = command.AddParameter("format_version", null),
                _timestamp = command.AddParameter("timestamp_ms", null),
                _payload = command.AddParameter("payload", null),
            };

            // Tags are not part of the kernel's entry yet; the column stays NULL until event queries need it.
            command.AddParameter("tags", null);
            return parameters;
        }

        public static void Bind(DbBatchCommand command, JournalEntry entry)
        {
            Add(command, "persistence_id", entry.PersistenceId);
            Add(command, "sequence_nr", entry.SequenceNr);
            Add(command, "manifest", entry.Manifest);
            Add(command, "format_version", entry.FormatVersion);
            Add(command, "timestamp_ms", entry.Timestamp.ToUnixTimeMilliseconds());
            Add(command, "payload", ToArray(entry.Payload));
            Add(command, "tags", null);
        }

        public void Bind(JournalEntry entry)
        {
            _persistenceId.Value = entry.PersistenceId;
            _sequenceNr.Value = entry.SequenceNr;
            _manifest.Value = entry.Manifest;
            _formatVersion.Value = entry.FormatVersion;
            _timestamp.Value = entry.Timestamp.ToUnixTimeMilliseconds();
            _payload.Value = ToArray(entry.Payload);
        }

        private static void Add(DbBatchCommand command, string name, object? value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
    }
}
