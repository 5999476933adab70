using System.Data.Common;
using System.Reflection;

namespace FtActors.Persistence.Sql;

/// <summary>
/// The SQL text and the engine-specific hooks the journal, snapshot store, membership table and migration
/// runner share. One subclass per engine (SQLite, PostgreSQL) supplies connections, the schema lock and the
/// error classification; the statements themselves are written once here in the subset both engines accept
/// (<c>ON CONFLICT</c>, <c>LIMIT</c>, <c>@name</c> parameters), so a rule such as "the highest sequence number
/// survives deletes" lives in exactly one place.
/// </summary>
/// <remarks>Instances are thread-safe: they hold only immutable SQL text and a connection factory.</remarks>
public abstract class SqlQueryExecutor
{
    /// <summary>Creates an executor for a dialect whose booleans are written as the given literals.</summary>
    /// <param name="dialect">The dialect name, also the folder of its scripts: <c>Schema/&lt;dialect&gt;/NNNN_name.sql</c>.</param>
    /// <param name="trueLiteral">How the engine spells true in SQL (<c>1</c> in SQLite, <c>TRUE</c> in PostgreSQL).</param>
    /// <param name="falseLiteral">How the engine spells false in SQL.</param>
    protected SqlQueryExecutor(string dialect, string trueLiteral, string falseLiteral)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dialect);
        Dialect = dialect;

        InsertEventSql =
            "INSERT INTO event_journal (persistence_id, sequence_nr, is_deleted, manifest, format_version, timestamp_ms, payload, tags) " +
            $"SELECT @persistence_id, @sequence_nr, {falseLiteral}, @manifest, @format_version, @timestamp_ms, @payload, @tags " +
            // A physically deleted range leaves no rows for the unique key to collide with; the metadata row
            // stands in for them, so a stale writer reusing a deleted number still loses.
            "WHERE NOT EXISTS (SELECT 1 FROM journal_metadata m WHERE m.persistence_id = @persistence_id AND m.sequence_nr >= @sequence_nr)";

        ReplaySql =
            "SELECT sequence_nr, manifest, format_version, timestamp_ms, payload, tags FROM event_journal " +
            $"WHERE persistence_id = @persistence_id AND sequence_nr >= @from_nr AND sequence_nr <= @to_nr AND is_deleted = {falseLiteral} " +
            "ORDER BY sequence_nr LIMIT @max";

        FirstTakenSequenceNrSql =
            "SELECT MIN(sequence_nr) FROM event_journal " +
            "WHERE persistence_id = @persistence_id AND sequence_nr >= @from_nr AND sequence_nr <= @to_nr";

        HighestSequenceNrSql =
            "SELECT MAX(u.nr) FROM (" +
            "SELECT MAX(sequence_nr) AS nr FROM event_journal WHERE persistence_id = @persistence_id " +
            "UNION ALL " +
            "SELECT MAX(sequence_nr) AS nr FROM journal_metadata WHERE persistence_id = @persistence_id) u";

        // Remember the highest number being removed before the rows go, so HighestSequenceNrSql still sees it.
        // WHERE before GROUP BY keeps SQLite from reading ON CONFLICT as a join constraint.
        RecordDeletedHighestSql =
            "INSERT INTO journal_metadata (persistence_id, sequence_nr) " +
            "SELECT persistence_id, MAX(sequence_nr) FROM event_journal " +
            "WHERE persistence_id = @persistence_id AND sequence_nr <= @to_nr GROUP BY persistence_id " +
            "ON CONFLICT (persistence_id, sequence_nr) DO NOTHING";
        PruneMetadataSql =
            "DELETE FROM journal_metadata WHERE persistence_id = @persistence_id AND sequence_nr < " +
            "(SELECT MAX(sequence_nr) FROM journal_metadata WHERE persistence_id = @persistence_id)";
        DeleteEventsSql = "DELETE FROM event_journal WHERE persistence_id = @persistence_id AND sequence_nr <= @to_nr";
        MarkEventsDeletedSql =
            $"UPDATE event_journal SET is_deleted = {trueLiteral} " +
            $"WHERE persistence_id = @persistence_id AND sequence_nr <= @to_nr AND is_deleted = {falseLiteral}";

        SaveSnapshotSql =
            "INSERT INTO snapshot_store (persistence_id, sequence_nr, created_ms, manifest, format_version, payload) " +
            "VALUES (@persistence_id, @sequence_nr, @created_ms, @manifest, @format_version, @payload) " +
            "ON CONFLICT (persistence_id, sequence_nr) DO UPDATE SET created_ms = excluded.created_ms, " +
            "manifest = excluded.manifest, format_version = excluded.format_version, payload = excluded.payload";
        LoadSnapshotSql =
            "SELECT sequence_nr, created_ms, manifest, format_version, payload FROM snapshot_store " +
            "WHERE persistence_id = @persistence_id AND sequence_nr <= @max_nr AND created_ms <= @max_ms " +
            "ORDER BY sequence_nr DESC LIMIT 1";
        DeleteSnapshotsSql =
            "DELETE FROM snapshot_store WHERE persistence_id = @persistence_id AND sequence_nr <= @max_nr AND created_ms <= @max_ms";

        EnsureClusterVersionSql =
            "INSERT INTO cluster_version (cluster_id, version) VALUES (@cluster_id, 0) ON CONFLICT (cluster_id) DO NOTHING";
        BumpClusterVersionSql =
            "UPDATE cluster_version SET version = version + 1 WHERE cluster_id = @cluster_id AND version = @expected_version";
        InsertMemberSql =
            "INSERT INTO cluster_members (cluster_id, host, port, incarnation, status, roles, cpu_count, memory_bytes, " +
            "page_store_bytes, suspect_times, start_time, i_am_alive_time) VALUES (@cluster_id, @host, @port, @incarnation, " +
            "@status, @roles, @cpu_count, @memory_bytes, @page_store_bytes, @suspect_times, @start_time, @i_am_alive_time) " +
            "ON CONFLICT (cluster_id, host, port, incarnation) DO NOTHING";
        UpdateMemberSql =
            "UPDATE cluster_members SET status = @status, roles = @roles, cpu_count = @cpu_count, memory_bytes = @memory_bytes, " +
            "page_store_bytes = @page_store_bytes, suspect_times = @suspect_times, start_time = @start_time, " +
            "i_am_alive_time = @i_am_alive_time " +
            "WHERE cluster_id = @cluster_id AND host = @host AND port = @port AND incarnation = @incarnation";
        UpdateIAmAliveSql =
            "UPDATE cluster_members SET i_am_alive_time = @i_am_alive_time " +
            "WHERE cluster_id = @cluster_id AND host = @host AND port = @port AND incarnation = @incarnation";
        const string memberColumns =
            "v.version, m.host, m.port, m.incarnation, m.status, m.roles, m.cpu_count, m.memory_bytes, m.page_store_bytes, " +
            "m.suspect_times, m.start_time, m.i_am_alive_time";
        // One statement reads the version and the rows together, so they are one consistent snapshot on
        // both engines without an explicit transaction. The outer join returns the version row even when
        // the cluster has no members yet.
        ReadAllMembersSql =
            $"SELECT {memberColumns} FROM cluster_version v LEFT JOIN cluster_members m ON m.cluster_id = v.cluster_id " +
            "WHERE v.cluster_id = @cluster_id ORDER BY m.host, m.port, m.incarnation";
        ReadMemberSql =
            $"SELECT {memberColumns} FROM cluster_version v LEFT JOIN cluster_members m ON m.cluster_id = v.cluster_id " +
            "AND m.host = @host AND m.port = @port AND m.incarnation = @incarnation WHERE v.cluster_id = @cluster_id";
        DeleteMembersSql = "DELETE FROM cluster_members WHERE cluster_id = @cluster_id";
        DeleteClusterVersionSql = "DELETE FROM cluster_version WHERE cluster_id = @cluster_id";
        CleanupDefunctMembersSql =
            "DELETE FROM cluster_members WHERE cluster_id = @cluster_id AND status <> 'Active' AND i_am_alive_time < @before";
        IncrementClusterVersionSql = "UPDATE cluster_version SET version = version + 1 WHERE cluster_id = @cluster_id";

        CreateSchemaVersionTableSql =
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)";
        ReadSchemaVersionSql = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        InsertSchemaVersionSql = "INSERT INTO schema_version (version, applied_at) VALUES (@version, @applied_at)";
    }

    /// <summary>The dialect name and script folder: "sqlite" or "postgresql".</summary>
    public string Dialect { get; }

    /// <summary>The assembly whose embedded resources <c>Schema/&lt;dialect&gt;/NNNN_name.sql</c> hold this dialect's DDL.</summary>
    protected internal abstract Assembly SchemaAssembly { get; }

    /// <summary>
    /// Opens a connection ready for use: pooled where the engine pools, with per-connection settings applied
    /// (SQLite's busy timeout and foreign keys). The caller disposes it.
    /// </summary>
    public abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Begins the transaction a write runs in. It must make concurrent writers of the same rows wait for each
    /// other rather than fail on lock upgrade (SQLite: <c>BEGIN IMMEDIATE</c>).
    /// </summary>
    protected internal virtual ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.BeginTransactionAsync(cancellationToken);
    }

    /// <summary>
    /// Takes the lock that serialises schema migration between processes for the rest of
    /// <paramref name="transaction"/>, so two nodes starting together do not both apply a script.
    /// </summary>
    protected internal abstract Task AcquireSchemaLockAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>True when <paramref name="exception"/> is a unique or primary key violation.</summary>
    protected internal abstract bool IsUniqueViolation(DbException exception);

    /// <summary>Inserts one event unless a journal_metadata row already covers its sequence number.</summary>
    protected internal string InsertEventSql { get; }

    /// <summary>Reads live events of one id in [from, to], oldest first, at most @max rows.</summary>
    protected internal string ReplaySql { get; }

    /// <summary>The lowest number in [from, to] that already has a row, deleted or not (after a unique violation).</summary>
    protected internal string FirstTakenSequenceNrSql { get; }

    /// <summary>The highest sequence number ever written for an id: over live rows and the delete metadata.</summary>
    protected internal string HighestSequenceNrSql { get; }

    /// <summary>Records the highest sequence number at or below @to_nr before a physical delete removes it.</summary>
    protected internal string RecordDeletedHighestSql { get; }

    /// <summary>Keeps only the newest metadata row of an id; older ones can never be the maximum again.</summary>
    protected internal string PruneMetadataSql { get; }

    /// <summary>Physically removes events up to @to_nr.</summary>
    protected internal string DeleteEventsSql { get; }

    /// <summary>Marks events up to @to_nr deleted, keeping the rows (and the unique key) in place.</summary>
    protected internal string MarkEventsDeletedSql { get; }

    /// <summary>Stores a snapshot, replacing one at the same sequence number.</summary>
    protected internal string SaveSnapshotSql { get; }

    /// <summary>The newest snapshot inside the sequence number and time bounds.</summary>
    protected internal string LoadSnapshotSql { get; }

    /// <summary>Deletes every snapshot inside the sequence number and time bounds.</summary>
    protected internal string DeleteSnapshotsSql { get; }

    /// <summary>Creates a cluster's version row at version 0 if it is missing.</summary>
    protected internal string EnsureClusterVersionSql { get; }

    /// <summary>Bumps the cluster version only if it still equals @expected_version; 0 rows means another writer won.</summary>
    protected internal string BumpClusterVersionSql { get; }

    /// <summary>Inserts a membership row; 0 rows means the incarnation already has one.</summary>
    protected internal string InsertMemberSql { get; }

    /// <summary>Replaces every column of a membership row; 0 rows means there is none.</summary>
    protected internal string UpdateMemberSql { get; }

    /// <summary>Writes only the liveness time of a membership row, leaving the cluster version alone.</summary>
    protected internal string UpdateIAmAliveSql { get; }

    /// <summary>The cluster version and all its rows in one statement.</summary>
    protected internal string ReadAllMembersSql { get; }

    /// <summary>The cluster version and one row (or none) in one statement.</summary>
    protected internal string ReadMemberSql { get; }

    /// <summary>Removes every membership row of a cluster.</summary>
    protected internal string DeleteMembersSql { get; }

    /// <summary>Removes a cluster's version row.</summary>
    protected internal string DeleteClusterVersionSql { get; }

    /// <summary>Removes rows of nodes that are not Active and have not reported alive since @before.</summary>
    protected internal string CleanupDefunctMembersSql { get; }

    /// <summary>Bumps the cluster version unconditionally (after a cleanup removed rows).</summary>
    protected internal string IncrementClusterVersionSql { get; }

    /// <summary>Creates the migration bookkeeping table if it is missing.</summary>
    protected internal string CreateSchemaVersionTableSql { get; }

    /// <summary>The highest applied schema version, 0 for an empty database.</summary>
    protected internal string ReadSchemaVersionSql { get; }

    /// <summary>Records one applied schema version.</summary>
    protected internal string InsertSchemaVersionSql { get; }
}
