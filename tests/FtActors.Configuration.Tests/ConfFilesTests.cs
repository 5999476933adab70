using Microsoft.Extensions.Configuration;

namespace FtActors.Configuration.Tests;

/// <summary>The repository's hocon/reference.conf and hocon/node.conf load with Akka's parser and bind.</summary>
public class ConfFilesTests
{
    [Fact]
    public void ReferenceConf_LoadsWithDocumentedDefaults()
    {
        var c = HoconLoader.LoadFile(Repo.Reference);

        Assert.Equal(8.0, c.ReadDouble("akka.cluster.failure-detector.threshold", 0));
        Assert.Equal(TimeSpan.FromSeconds(3), c.ReadDuration("akka.cluster.failure-detector.acceptable-heartbeat-pause", TimeSpan.Zero));
        Assert.Equal("keep-majority", c.ReadString("akka.cluster.split-brain-resolver.active-strategy", "unset"));
        Assert.Equal(TimeSpan.FromSeconds(5), c.ReadDuration("akka.cluster.split-brain-resolver.stable-after", TimeSpan.Zero));
        Assert.Equal("hyperion", c.ReadString("akka.actor.serialization-bindings.\"System.Object\"", "unset"));
        Assert.Equal("", c.ReadString("ftactors.remoting.public-host", "unset"));
        Assert.Equal("sqlite", c.ReadString("ftactors.persistence.snapshot-store.provider", "unset"));
        Assert.False(c.ReadBool("ftactors.remoting.tls.enabled", true));
        Assert.Empty(c.ReadStringList("ftactors.cluster.seed-nodes", ["unset"]));
        Assert.Equal(["ipmitool", "sensor"], c.ReadStringList("ftactors.health.sources.ipmi.command", []));
    }

    [Fact]
    public void ReferenceConf_EveryFtActorsKeyIsKebabCase()
    {
        // The akka section follows Akka's own key style (type names as serialization-binding keys).
        var keys = HoconFlattener.Flatten(HoconLoader.LoadFile(Repo.Reference)).Keys.Where(k => k.StartsWith("ftactors:", StringComparison.Ordinal)).ToList();

        Assert.True(keys.Count > 80, $"only {keys.Count} keys");
        Assert.All(keys, k => Assert.Matches("^[a-z0-9:-]+$", k));
    }

    [Fact]
    public void NodeConf_IncludesReferenceAndOverridesIt()
    {
        var c = HoconLoader.LoadFile(Repo.Node);

        Assert.Equal("hpc-lab", c.ReadString("ftactors.cluster.id", "unset"));
        Assert.Equal(["10.0.0.1:2552", "10.0.0.2:2552"], c.ReadStringList("ftactors.cluster.seed-nodes", []));
        Assert.Equal("postgresql", c.ReadString("ftactors.persistence.journal.provider", "unset"));
        Assert.Equal(64L << 20, c.GetByteSize("ftactors.predeploy.bandwidth-budget"));
        Assert.Equal(2552, c.ReadInt("ftactors.remoting.port", 0));
        Assert.Equal("keep-majority", c.ReadString("akka.cluster.split-brain-resolver.active-strategy", "unset"));
        // reference.conf's snapshot store follows the journal; node.conf's journal override reaches it.
        Assert.Equal("Host=10.0.0.1;Database=ftactors;Username=ftactors", c.ReadString("ftactors.persistence.snapshot-store.connection-string", "unset"));
    }

    [Fact]
    public void NodeConf_BindsThroughProviderToOptions()
    {
        var config = new ConfigurationBuilder().AddHocon(Repo.Node).Build();

        var options = HoconBinder.Get<FtActorsTestOptions>(config.GetSection("ftactors"));

        Assert.Equal(2552, options.Remoting.Port);
        Assert.Equal(["compute"], options.Cluster.Roles);
        Assert.Equal(["10.0.0.1:2552", "10.0.0.2:2552"], options.Cluster.SeedNodes);
        Assert.False(options.Remoting.Tls.Enabled);
        Assert.Equal(TimeSpan.FromMilliseconds(300), options.Migration.DowntimeTarget);
        Assert.Equal(TimeSpan.FromMinutes(2), options.Migration.Timeout);
        Assert.Equal(4, options.Migration.ParallelConnections);
        Assert.Equal(64L << 20, options.Predeploy.BandwidthBudget);
        Assert.Equal(string.Empty, options.Predeploy.StorePath);
        Assert.Equal(new MetricsTestOptions(true, "127.0.0.1", 9464), HoconBinder.Get<MetricsTestOptions>(config.GetSection("ftactors:metrics")));
    }

    [Fact]
    public void NodeConf_OverridingHostAfterTheInclude_ReachesReferenceSubstitutions()
    {
        using var dir = new TempDir();
        var path = dir.Write("n.conf", $"include \"{Repo.Node}\"\nftactors.remoting.host = \"10.1.2.3\"\n");

        var c = HoconLoader.LoadFile(path);

        Assert.Equal("10.1.2.3", c.ReadString("ftactors.metrics.host", "unset"));
    }

    [Fact]
    public void OverrideOrder_ReferenceThenNodeThenEnvironmentThenCommandLine()
    {
        var env = Repo.Env(("FTACTORS__MIGRATION__DOWNTIME_TARGET", "2s"), ("FTACTORS__MIGRATION__MAX_ROUNDS", "12"), ("FTACTORS__REMOTING__PORT", "2600"));
        var commandLine = new Dictionary<string, string?> { ["ftactors:migration:max-rounds"] = "7" };
        var config = new ConfigurationBuilder()
            .AddHocon(Repo.Node)
            .AddKebabEnvironmentVariables(variables: env)
            .AddInMemoryCollection(commandLine) // stands in for --set, which has the same precedence
            .Build();

        var options = HoconBinder.Get<FtActorsTestOptions>(config.GetSection("ftactors"));

        Assert.Equal(4, options.Migration.ParallelConnections);                    // reference.conf
        Assert.Equal("hpc-lab", options.Cluster.Id);                               // node.conf over reference.conf
        Assert.Equal(TimeSpan.FromSeconds(2), options.Migration.DowntimeTarget);   // FTACTORS__ over reference.conf
        Assert.Equal(2600, options.Remoting.Port);                                 // FTACTORS__ over reference.conf
        Assert.Equal(7, options.Migration.MaxRounds);                              // command line over FTACTORS__
    }

    [Fact]
    public void GetHoconConfig_AkkaAndFtActorsSectionsComeFromTheSameParse()
    {
        using var dir = new TempDir();
        var path = dir.Write("n.conf", $"include \"{Repo.Node}\"\nakka.actor.provider = cluster\n");
        var config = new ConfigurationBuilder().AddHocon(path).AddKebabEnvironmentVariables(variables: Repo.Env(("FTACTORS__CLUSTER__ID", "env"))).Build();

        var hocon = config.GetHoconConfig();

        Assert.Equal("cluster", hocon.GetString("akka.actor.provider"));
        Assert.Equal("hpc-lab", hocon.GetString("ftactors.cluster.id")); // the file's value: overrides live only in keys
        Assert.Equal("env", config["ftactors:cluster:id"]);
        Assert.Equal("cluster", config["akka:actor:provider"]);
    }
}
