using System.Globalization;
using System.Text;
using FtActors.Persistence.Membership;
using FtActors.Persistence.PostgreSql;
using FtActors.Persistence.Sql;
using FtActors.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace FtActors.Node;

/// <summary>Reads the membership table named by a node's configuration, without joining: the local query behind <c>ftactors node members</c>.</summary>
public static class MembersQuery
{
    /// <summary>The cluster's rows and table version.</summary>
    public static async Task<MembershipTableData> ReadAsync(NodeSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var membership = settings.Cluster.Membership;
        if (membership.Provider == "postgresql")
        {
            await using var pg = new PostgreSqlQueryExecutor(new PostgreSqlPersistenceOptions { ConnectionString = membership.ConnectionString });
            return await ReadAsync(pg, settings.Cluster.Id, cancellationToken).ConfigureAwait(false);
        }

        var path = Path.GetFullPath(new SqliteConnectionStringBuilder(membership.ConnectionString).DataSource);
        return await ReadAsync(new SqliteQueryExecutor(new SqlitePersistenceOptions { DatabasePath = path }), settings.Cluster.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One line per row: address, status, roles, votes, start and I-am-alive times (UTC, ISO 8601), tab-separated after a header.</summary>
    public static string Format(MembershipTableData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# table version {data.Version}\n");
        text.Append("address\tstatus\troles\tvotes\tstart\ti-am-alive\n");
        foreach (var m in data.Members)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{m.Address}\t{m.Status}\t{m.Roles}\t{m.SuspectTimes.Length}\t{m.StartTime.UtcDateTime:O}\t{m.IAmAliveTime.UtcDateTime:O}\n");
        }

        return text.ToString();
    }

    private static async Task<MembershipTableData> ReadAsync(SqlQueryExecutor executor, string clusterId, CancellationToken cancellationToken)
    {
        await new SchemaMigrator(executor).MigrateAsync(cancellationToken).ConfigureAwait(false);
        return await new SqlMembershipTable(executor, clusterId).ReadAllAsync(cancellationToken).ConfigureAwait(false);
    }
}
