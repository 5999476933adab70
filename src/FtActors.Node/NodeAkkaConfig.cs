using System.Text;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Cluster.Tools.Singleton;
using Akka.Configuration;
using Akka.Persistence.Sql;
using Microsoft.Data.Sqlite;

namespace FtActors.Node;

/// <summary>
/// The Akka.NET configuration of a node process: what follows from its <see cref="NodeSettings"/> (address,
/// roles, seed nodes, journal) over the <c>akka { }</c> section of its HOCON files, over the plugins' own
/// defaults (SQL persistence, singleton, pub/sub), which Akka only loads on its own for the core modules.
/// </summary>
public static class NodeAkkaConfig
{
    /// <summary>The configuration the node's actor system starts with.</summary>
    /// <param name="settings">The node's validated settings (environment and <c>--set</c> overrides included).</param>
    /// <param name="files">The parsed HOCON files (their <c>akka</c> section is used).</param>
    public static Config Build(NodeSettings settings, Config files)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(files);
        var text = new StringBuilder();
        text.AppendLine("akka.actor.provider = cluster");
        text.AppendLine("akka.remote.dot-netty.tcp.hostname = " + Quote(settings.Host));
        text.AppendLine("akka.remote.dot-netty.tcp.public-hostname = " + Quote(settings.PublicHost));
        text.AppendLine("akka.remote.dot-netty.tcp.port = " + settings.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        text.AppendLine("akka.cluster.roles = [" + string.Join(", ", settings.Roles.Select(Quote)) + "]");
        text.AppendLine("akka.cluster.seed-nodes = [" + string.Join(", ", settings.SeedNodes.Select(s => Quote(SeedAddress(settings.ClusterId, s)))) + "]");
        var (provider, connection) = Journal(settings);
        foreach (var plugin in new[] { "akka.persistence.journal", "akka.persistence.snapshot-store" })
        {
            text.AppendLine($"{plugin}.plugin = \"{plugin}.sql\"");
            text.AppendLine($"{plugin}.sql.connection-string = {Quote(connection)}");
            text.AppendLine($"{plugin}.sql.provider-name = {Quote(provider)}");
            text.AppendLine($"{plugin}.sql.auto-initialize = on");
        }

        var fromSettings = ConfigurationFactory.ParseString(text.ToString());
        // The files' ftactors section rides along unread: Akka only looks under akka.
        return fromSettings.WithFallback(files)
            .WithFallback(SqlPersistence.DefaultConfiguration)
            .WithFallback(ClusterSingleton.DefaultConfig())
            .WithFallback(DistributedPubSub.DefaultConfig());
    }

    /// <summary>The Akka address of a seed given as host:port.</summary>
    public static string SeedAddress(string clusterId, string hostPort) => $"akka.tcp://{clusterId}@{hostPort}";

    /// <summary>linq2db's provider name and the connection string, with SQLite's path made absolute and WAL on.</summary>
    private static (string Provider, string Connection) Journal(NodeSettings settings)
    {
        if (settings.JournalProvider == "postgresql")
        {
            return ("PostgreSQL.15", settings.JournalConnectionString);
        }

        var builder = new SqliteConnectionStringBuilder(settings.JournalConnectionString);
        if (string.IsNullOrEmpty(builder.DataSource))
        {
            throw new FtActors.Configuration.ConfigurationException($"ftactors.persistence.journal.connection-string: expected \"Data Source=<file>\" for SQLite, found \"{settings.JournalConnectionString}\"");
        }

        var path = Path.GetFullPath(builder.DataSource);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        EnableWal(path);
        builder.DataSource = path;
        return ("SQLite.MS", builder.ConnectionString);
    }

    /// <summary>WAL is a property of the database file: set once, every later connection (the journal's too) uses it.</summary>
    private static void EnableWal(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
