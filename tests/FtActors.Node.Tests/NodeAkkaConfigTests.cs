using FtActors.Configuration;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace FtActors.Node.Tests;

/// <summary>The node's cluster settings and the Akka configuration built from them over hocon/reference.conf.</summary>
public sealed class NodeAkkaConfigTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ftactors-akkaconf-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => FtActors.TestKit.TestCleanup.DeleteDirectory(_directory);

    [Fact]
    public void Build_SpareWithSeedsOnSqlite_AddressRolesSeedsAndJournalFromTheSettings()
    {
        var settings = Read(
            ("ftactors:cluster:id", "rack1"),
            ("ftactors:cluster:roles:0", "spare"),
            ("ftactors:cluster:seed-nodes", "10.0.0.1:2552, 10.0.0.2:2600"),
            ("ftactors:remoting:host", "0.0.0.0"),
            ("ftactors:remoting:public-host", "10.0.0.9"),
            ("ftactors:remoting:port", "2700"),
            ("ftactors:persistence:journal:connection-string", "Data Source=" + Path.Combine(_directory, "j.db")));

        var config = NodeAkkaConfig.Build(settings, HoconLoader.LoadFile(Reference));

        Assert.True(settings.IsSpare);
        Assert.Equal("cluster", config.GetString("akka.actor.provider"));
        Assert.Equal("0.0.0.0", config.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal("10.0.0.9", config.GetString("akka.remote.dot-netty.tcp.public-hostname"));
        Assert.Equal(2700, config.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal(["spare"], config.GetStringList("akka.cluster.roles"));
        Assert.Equal(["akka.tcp://rack1@10.0.0.1:2552", "akka.tcp://rack1@10.0.0.2:2600"], config.GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal("akka.persistence.journal.sql", config.GetString("akka.persistence.journal.plugin"));
        Assert.Equal("SQLite.MS", config.GetString("akka.persistence.journal.sql.provider-name"));
        Assert.Contains(Path.Combine(_directory, "j.db"), config.GetString("akka.persistence.snapshot-store.sql.connection-string"), StringComparison.Ordinal);
        // The files' akka section and the plugins' defaults are underneath.
        Assert.Equal("keep-majority", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal("hyperion", config.GetString("akka.actor.serialization-bindings.\"System.Object\""));
        Assert.False(string.IsNullOrEmpty(config.GetString("akka.cluster.singleton.singleton-name")));
        // WAL is set on the SQLite file itself.
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + Path.Combine(_directory, "j.db"));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", command.ExecuteScalar() as string);
    }

    [Fact]
    public void Build_PostgreSql_ConnectionStringPassedAsIs()
    {
        var settings = Read(("ftactors:persistence:journal:provider", "postgresql"), ("ftactors:persistence:journal:connection-string", "Host=db;Database=ft"));

        var config = NodeAkkaConfig.Build(settings, HoconLoader.LoadFile(Reference));

        Assert.Equal("PostgreSQL.15", config.GetString("akka.persistence.journal.sql.provider-name"));
        Assert.Equal("Host=db;Database=ft", config.GetString("akka.persistence.journal.sql.connection-string"));
        Assert.Empty(config.GetStringList("akka.cluster.seed-nodes"));
    }

    [Theory]
    [InlineData("ftactors:cluster:roles:0", "login", "ftactors.cluster.roles")]
    [InlineData("ftactors:cluster:seed-nodes", "10.0.0.1", "ftactors.cluster.seed-nodes")]
    [InlineData("ftactors:cluster:seed-nodes", "10.0.0.1:99999", "ftactors.cluster.seed-nodes")]
    [InlineData("ftactors:cluster:id", "has space", "ftactors.cluster.id")]
    [InlineData("ftactors:persistence:journal:provider", "oracle", "ftactors.persistence.journal.provider")]
    public void Read_BadClusterSetting_ErrorNamesTheKeyAndWhatWasFound(string key, string value, string named)
    {
        var e = Assert.Throws<ConfigurationException>(() => Read((key, value)));

        Assert.Contains(named, e.Message, StringComparison.Ordinal);
        Assert.Contains(value, e.Message, StringComparison.Ordinal);
    }

    private static string Reference => Path.Combine(AppContext.BaseDirectory, "hocon", "reference.conf");

    private NodeSettings Read(params (string Key, string Value)[] overrides)
    {
        Directory.CreateDirectory(_directory);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["ftactors:cluster:id"] = "t",
            ["ftactors:cluster:roles:0"] = "compute",
            ["ftactors:remoting:host"] = "127.0.0.1",
            ["ftactors:remoting:port"] = "0",
            ["ftactors:persistence:journal:provider"] = "sqlite",
            ["ftactors:persistence:journal:connection-string"] = "Data Source=" + Path.Combine(_directory, "default.db"),
        };
        foreach (var (key, value) in overrides)
        {
            values[key] = value;
        }

        return NodeSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
    }
}
