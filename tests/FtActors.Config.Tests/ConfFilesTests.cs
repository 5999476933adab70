using FtActors.Config.Configuration;
using Microsoft.Extensions.Configuration;

namespace FtActors.Config.Tests;

/// <summary>The repository's hocon/reference.conf and hocon/node.conf parse, resolve and bind.</summary>
public class ConfFilesTests
{
    private static readonly string HoconDir = FindHoconDir();

    private static string Reference => Path.Combine(HoconDir, "reference.conf");

    private static string Node => Path.Combine(HoconDir, "node.conf");

    [Fact]
    public void ReferenceConf_ParsesWithDocumentedDefaults()
    {
        var c = HoconConfig.ParseFile(Reference, TestHocon.Options());
        Assert.Equal(30, c.GetInt("ftactors.actor-system.dispatcher.throughput"));
        Assert.Equal(TimeSpan.FromSeconds(5), c.GetDuration("ftactors.actor-system.default-ask-timeout"));
        Assert.Equal(8.0, c.GetDouble("ftactors.cluster.phi-threshold"));
        Assert.Equal(TimeSpan.FromSeconds(1), c.GetDuration("ftactors.cluster.heartbeat-interval"));
        Assert.Equal("sqlite", c.GetString("ftactors.cluster.membership.provider"));
        Assert.Equal(256L * 1024, c.GetSize("ftactors.remoting.max-frame-size.control"));
        Assert.Equal(8L * 1024 * 1024, c.GetSize("ftactors.remoting.max-frame-size.page"));
        Assert.Equal(TimeSpan.FromSeconds(1), c.GetDuration("ftactors.health.poll-interval"));
        Assert.Equal(TimeSpan.FromMilliseconds(300), c.GetDuration("ftactors.migration.downtime-target"));
        Assert.Equal("127.0.0.1", c.GetString("ftactors.remoting.public-host"));
        Assert.Equal("sqlite", c.GetString("ftactors.persistence.snapshot-store.provider"));
        Assert.False(c.GetBool("ftactors.remoting.tls.enabled"));
        Assert.Equal(9464, c.GetInt("ftactors.metrics.port"));
        Assert.Empty(c.GetList("ftactors.cluster.seed-nodes"));
    }

    [Fact]
    public void ReferenceConf_EveryKeyIsKebabCase()
    {
        var c = HoconConfig.ParseFile(Reference, TestHocon.Options());
        var keys = HoconConfigurationProvider.Flatten(c.Root).Keys;
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.Matches("^[a-z0-9:-]+$", k));
    }

    [Fact]
    public void NodeConf_IncludesReferenceAndOverrides()
    {
        var c = HoconConfig.ParseFile(Node, TestHocon.Options());
        Assert.Equal("hpc-lab", c.GetString("ftactors.cluster.id"));
        Assert.Equal(["10.0.0.1:2552", "10.0.0.2:2552"], c.GetStringList("ftactors.cluster.seed-nodes"));
        Assert.Equal("postgresql", c.GetString("ftactors.cluster.membership.provider"));
        Assert.Equal(64L << 20, c.GetSize("ftactors.predeploy.bandwidth-budget"));
        Assert.Equal(2552, c.GetInt("ftactors.remoting.port"));
        Assert.Equal(30, c.GetInt("ftactors.actor-system.dispatcher.throughput"));
        Assert.Equal("Data Source=/var/lib/ftactors/journal.db", c.GetString("ftactors.persistence.snapshot-store.connection-string"));
    }

    [Fact]
    public void NodeConf_EnvironmentVariableOverridesOptionalSubstitution()
    {
        var env = TestHocon.Env(("FTACTORS_PORT", "2600"), ("FTACTORS_CLUSTER_ID", "prod"), ("FTACTORS_HOST", "10.1.2.3"));
        var c = HoconConfig.ParseFile(Node, TestHocon.Options(env));
        Assert.Equal(2600, c.GetInt("ftactors.remoting.port"));
        Assert.Equal("prod", c.GetString("ftactors.cluster.id"));
        Assert.Equal("10.1.2.3", c.GetString("ftactors.remoting.host"));
        Assert.Equal("10.1.2.3", c.GetString("ftactors.remoting.public-host"));
        Assert.Equal("10.1.2.3", c.GetString("ftactors.metrics.host"));
    }

    [Fact]
    public void NodeConf_BindsThroughProviderToOptions()
    {
        var env = TestHocon.Env(("FTACTORS_PORT", "2600"));
        var config = new ConfigurationBuilder().AddHocon(Node, options: TestHocon.Options(env)).Build();
        var options = HoconBinder.Get<FtActorsTestOptions>(config.GetSection("ftactors"));
        Assert.Equal(2600, options.Remoting.Port);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Cluster.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Cluster.AcceptableHeartbeatPause);
        Assert.Equal(8.0, options.Cluster.PhiThreshold);
        Assert.Equal("postgresql", options.Cluster.Membership.Provider);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Cluster.Membership.ProbeTimeout);
        Assert.Equal(["compute"], options.Cluster.Roles);
        Assert.Equal(262_144L, options.Remoting.MaxFrameSize.Control);
        Assert.Equal(8_388_608, options.Remoting.MaxFrameSize.Page);
        Assert.False(options.Remoting.Tls.Enabled);
        Assert.Equal(30, options.ActorSystem.Dispatcher.Throughput);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ActorSystem.DefaultAskTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(300), options.Migration.DowntimeTarget);
        Assert.Equal(4, options.Migration.ParallelConnections);
        Assert.Equal(64L << 20, options.Predeploy.BandwidthBudget);
        Assert.Equal(string.Empty, options.Predeploy.StorePath);
        var metrics = HoconBinder.Get<MetricsTestOptions>(config.GetSection("ftactors:metrics"));
        Assert.Equal(new MetricsTestOptions(true, "127.0.0.1", 9464), metrics);
    }

    [Fact]
    public void OverrideOrder_ReferenceThenNodeThenEnvironmentThenCommandLine()
    {
        var env = TestHocon.Env(("FTACTORS__CLUSTER__HEARTBEAT_INTERVAL", "2s"), ("FTACTORS__MIGRATION__MAX_ROUNDS", "12"));
        var commandLine = new Dictionary<string, string?> { ["ftactors:migration:max-rounds"] = "7" };
        var config = new ConfigurationBuilder()
            .AddHocon(Node, options: TestHocon.Options())
            .AddKebabEnvironmentVariables(variables: env)
            .AddInMemoryCollection(commandLine) // stands in for AddCommandLine, which has the same precedence
            .Build();
        var options = HoconBinder.Get<FtActorsTestOptions>(config.GetSection("ftactors"));
        Assert.Equal(30, options.ActorSystem.Dispatcher.Throughput);   // reference.conf
        Assert.Equal("hpc-lab", options.Cluster.Id);                    // node.conf over reference.conf
        Assert.Equal(TimeSpan.FromSeconds(2), options.Cluster.HeartbeatInterval); // FTACTORS__ over node.conf
        Assert.Equal(7, options.Migration.MaxRounds);                  // command line over FTACTORS__
    }

    private static string FindHoconDir()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "hocon");
            if (File.Exists(Path.Combine(candidate, "reference.conf")) && File.Exists(Path.Combine(dir.FullName, "FtActors.sln")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("hocon/reference.conf not found above " + AppContext.BaseDirectory);
    }
}
