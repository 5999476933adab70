using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using FtActors.Persistence.Sql;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FtActors.Persistence.Membership;

/// <summary>
/// The membership table on any <see cref="SqlQueryExecutor"/> dialect. A conditional write is one
/// transaction: create the version row if missing, bump the version where it still equals the expected one,
/// then change the row; a zero row count at either step rolls everything back and becomes the result value.
/// The version bump comes first so it takes the version row's lock before the member row is touched: on
/// PostgreSQL a concurrent writer blocks on that lock and, once the winner commits, re-checks the condition
/// and finds the version moved; on SQLite the write transaction already excludes other writers.
/// </summary>
public sealed class SqlMembershipTable : IMembershipTable
{
    private const string Table = "cluster_members";

    private readonly SqlQueryExecutor _executor;
    private readonly ILogger _logger;

    /// <summary>Creates a table bound to <paramref name="clusterId"/>. The schema must be migrated already.</summary>
    public SqlMembershipTable(SqlQueryExecutor executor, string clusterId, ILogger<SqlMembershipTable>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        _executor = executor;
        ClusterId = clusterId;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public string ClusterId { get; }

    /// <inheritdoc />
    public async Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken)
    {
        var connection = await _executor.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var command = connection.CreateCommand(_executor.ReadAllMembersSql, null);
            command.AddParameter("cluster_id", ClusterId);
            return await ReadTableAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<MembershipTableData> ReadRowAsync(MemberAddress address, CancellationToken cancellationToken)
    {
        var connection = await _executor.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var command = connection.CreateCommand(_executor.ReadMemberSql, null);
            command.AddParameter("cluster_id", ClusterId);
            AddKey(command, address);
            return await ReadTableAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task<MembershipWriteResult> InsertRowAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken) =>
        WriteRowAsync("insert", _executor.InsertMemberSql, MembershipWriteStatus.RowAlreadyExists, entry, expectedVersion, cancellationToken);

    /// <inheritdoc />
    public Task<MembershipWriteResult> UpdateRowAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken) =>
        WriteRowAsync("update", _executor.UpdateMemberSql, MembershipWriteStatus.RowNotFound, entry, expectedVersion, cancellationToken);

    /// <inheritdoc />
    public async Task<bool> UpdateIAmAliveAsync(MemberAddress address, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken)
    {
        ValidateAddress(address);
        var connection = await _executor.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var command = connection.CreateCommand(_executor.UpdateIAmAliveSql, null);
            command.AddParameter("cluster_id", ClusterId);
            AddKey(command, address);
            command.AddParameter("i_am_alive_time", iAmAliveTime.ToUnixTimeMilliseconds());
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }
    }

    /// <inheritdoc />
    public async Task DeleteMembershipTableAsync(string clusterId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        var connection = await _executor.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await _executor.BeginWriteTransactionAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Rows first: they reference the version row.
                foreach (var sql in new[] { _executor.DeleteMembersSql, _executor.DeleteClusterVersionSql })
                {
                    await using var command = connection.CreateCommand(sql, transaction);
                    command.AddParameter("cluster_id", clusterId);
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        Log.MembershipTableDeleted(_logger, clusterId);
    }

    /// <inheritdoc />
    public async Task<int> CleanupDefunctSiloEntriesAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var connection = await _executor.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await _executor.BeginWriteTransactionAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                int removed;
                await using (var delete = connection.CreateCommand(_executor.CleanupDefunctMembersSql, transaction))
                {
                    delete.AddParameter("cluster_id", ClusterId);
                    delete.AddParameter("before", before.ToUnixTimeMilliseconds());
                    removed = await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                // Removing rows changes what ReadAll returns, so readers holding the old version must not
                // take the new content for the old one.
                if (removed > 0)
                {
                    await using var bump = connection.CreateCommand(_executor.IncrementClusterVersionSql, transaction);
                    bump.AddParameter("cluster_id", ClusterId);
                    await bump.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                Log.MembershipCleanup(_logger, removed, ClusterId, before);
                return removed;
            }
        }
    }

    private async Task<MembershipWriteResult> WriteRowAsync(
        string operation, string rowSql, MembershipWriteStatus rowMissStatus, MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken)
    {
        ValidateEntry(entry);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        var connection = await _executor.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await _executor.BeginWriteTransactionAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var status = await TryWriteAsync(connection, transaction, rowSql, rowMissStatus, entry, expectedVersion, cancellationToken).ConfigureAwait(false);
                MembershipWriteResult result;
                if (status == MembershipWriteStatus.Applied)
                {
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    result = new MembershipWriteResult(status, expectedVersion + 1);
                }
                else
                {
                    await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    result = new MembershipWriteResult(status, expectedVersion);
                }

                Log.MembershipWrite(_logger, operation, entry.Address, ClusterId, result.Status, result.TableVersion);
                return result;
            }
        }
    }

    private async Task<MembershipWriteStatus> TryWriteAsync(
        DbConnection connection, DbTransaction transaction, string rowSql, MembershipWriteStatus rowMissStatus, MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken)
    {
        await using (var ensure = connection.CreateCommand(_executor.EnsureClusterVersionSql, transaction))
        {
            ensure.AddParameter("cluster_id", ClusterId);
            await ensure.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var bump = connection.CreateCommand(_executor.BumpClusterVersionSql, transaction))
        {
            bump.AddParameter("cluster_id", ClusterId);
            bump.AddParameter("expected_version", expectedVersion);
            if (await bump.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                return MembershipWriteStatus.TableVersionChanged;
            }
        }

        await using var row = connection.CreateCommand(rowSql, transaction);
        row.AddParameter("cluster_id", ClusterId);
        AddKey(row, entry.Address);
        row.AddParameter("status", MembershipColumns.FormatStatus(entry.Status));
        row.AddParameter("roles", MembershipColumns.FormatRoles(entry.Roles));
        row.AddParameter("cpu_count", entry.Capacity.CpuCount);
        row.AddParameter("memory_bytes", entry.Capacity.MemoryBytes);
        row.AddParameter("page_store_bytes", entry.Capacity.PageStoreBytes);
        row.AddParameter("suspect_times", MembershipColumns.FormatSuspectTimes(entry.SuspectTimes));
        row.AddParameter("start_time", entry.StartTime.ToUnixTimeMilliseconds());
        row.AddParameter("i_am_alive_time", entry.IAmAliveTime.ToUnixTimeMilliseconds());
        return await row.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0
            ? rowMissStatus
            : MembershipWriteStatus.Applied;
    }

    private async Task<MembershipTableData> ReadTableAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var version = 0L;
        var members = ImmutableArray.CreateBuilder<MembershipEntry>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                version = ReadInt64(reader, 0);
                // The outer join yields one all-NULL member for a cluster without (matching) rows.
                if (!reader.IsDBNull(1))
                {
                    members.Add(ReadEntry(reader));
                }
            }
        }

        return new MembershipTableData(version, members.ToImmutable());
    }

    private MembershipEntry ReadEntry(DbDataReader reader)
    {
        var address = new MemberAddress(reader.GetString(1), checked((int)ReadInt64(reader, 2)), ReadInt64(reader, 3));
        var rowKey = ClusterId + "/" + address;
        if (!MembershipColumns.TryParseStatus(reader.GetString(4), out var status, out var error))
        {
            throw new StoredDataException(Table, "status", rowKey, error);
        }

        if (!MembershipColumns.TryParseRoles(reader.GetString(5), out var roles, out error))
        {
            throw new StoredDataException(Table, "roles", rowKey, error);
        }

        var capacity = new NodeCapacity(checked((int)ReadInt64(reader, 6)), ReadInt64(reader, 7), ReadInt64(reader, 8));
        if (!MembershipColumns.TryParseSuspectTimes(reader.GetString(9), out var votes, out error))
        {
            throw new StoredDataException(Table, "suspect_times", rowKey, error);
        }

        return new MembershipEntry(
            address,
            status,
            roles,
            capacity,
            votes,
            ReadTime(reader, 10, rowKey, "start_time"),
            ReadTime(reader, 11, rowKey, "i_am_alive_time"));
    }

    private static DateTimeOffset ReadTime(DbDataReader reader, int ordinal, string rowKey, string column)
    {
        var ms = ReadInt64(reader, ordinal);
        try
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new StoredDataException(Table, column, rowKey, $"expected Unix milliseconds between years 1 and 9999, found {ms.ToString(CultureInfo.InvariantCulture)}", e);
        }
    }

    // INTEGER columns come back as Int64 from SQLite but as Int32 from PostgreSQL's INTEGER; widen either.
    private static long ReadInt64(DbDataReader reader, int ordinal) =>
        Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static void AddKey(DbCommand command, MemberAddress address)
    {
        command.AddParameter("host", address.Host);
        command.AddParameter("port", address.Port);
        command.AddParameter("incarnation", address.Incarnation);
    }

    private static void ValidateAddress(MemberAddress address)
    {
        if (string.IsNullOrEmpty(address.Host))
        {
            throw new ArgumentException("expected a member address with a non-empty host, found an empty one", nameof(address));
        }

        if (address.Port is < 1 or > 65535)
        {
            throw new ArgumentException($"expected a port in 1..65535, found {address.Port.ToString(CultureInfo.InvariantCulture)} in {address}", nameof(address));
        }
    }

    private static void ValidateEntry(MembershipEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ValidateAddress(entry.Address);
        ArgumentNullException.ThrowIfNull(entry.Capacity, nameof(entry));
        if (entry.Capacity.CpuCount < 0 || entry.Capacity.MemoryBytes < 0 || entry.Capacity.PageStoreBytes < 0)
        {
            throw new ArgumentException($"expected a non-negative capacity, found {entry.Capacity} for {entry.Address}", nameof(entry));
        }
    }
}
