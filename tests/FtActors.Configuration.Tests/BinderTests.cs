using Microsoft.Extensions.Configuration;

namespace FtActors.Configuration.Tests;

public class BinderTests
{
    private static IConfiguration Build(string hocon) => new ConfigurationBuilder().AddHoconString(hocon).Build();

    [Fact]
    public void Get_KebabKeysDurationsAndSizes_BindToTypedProperties()
    {
        var config = Build("""
            cluster { heartbeat-interval = 1s, acceptable-heartbeat-pause = 3 seconds, phi-threshold = 8, seed-nodes = [a, b] }
            remoting.max-frame-size { control = 256 KiB, page = 8MiB }
            migration { downtime-target = 300 ms, max-rounds = 30, timeout = 2 minutes }
            predeploy { scan-interval = 250, bandwidth-budget = 64 MiB, store-path = 10s }
            """);
        var options = HoconBinder.Get<FtActorsTestOptions>(config);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Cluster.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Cluster.AcceptableHeartbeatPause);
        Assert.Equal(8.0, options.Cluster.PhiThreshold);
        Assert.Equal(["a", "b"], options.Cluster.SeedNodes);
        Assert.Equal(262_144L, options.Remoting.MaxFrameSize.Control);
        Assert.Equal(8_388_608, options.Remoting.MaxFrameSize.Page);
        Assert.Equal(TimeSpan.FromMilliseconds(300), options.Migration.DowntimeTarget);
        Assert.Equal(30, options.Migration.MaxRounds);
        Assert.Equal(TimeSpan.FromMinutes(2), options.Migration.Timeout);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.Predeploy.ScanInterval);
        Assert.Equal(64L << 20, options.Predeploy.BandwidthBudget);
        Assert.Equal("10s", options.Predeploy.StorePath);
    }

    [Fact]
    public void Get_DotNetTimeSpanFormat_StillAccepted()
    {
        var options = HoconBinder.Get<MigrationTestOptions>(Build("downtime-target = \"00:00:00.5\""));
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.DowntimeTarget);
    }

    [Fact]
    public void Get_BadDuration_ThrowsConfigurationExceptionWithConfigurationPath()
    {
        var config = Build("migration.downtime-target = soon");
        var e = Assert.Throws<ConfigurationException>(() => HoconBinder.Get<FtActorsTestOptions>(config));
        Assert.Equal("migration:downtime-target", e.Path);
        Assert.StartsWith("migration:downtime-target: expected a duration such as 10s", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("found 'soon'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_BadSize_ThrowsConfigurationExceptionWithConfigurationPath()
    {
        var config = Build("remoting.max-frame-size.control = lots");
        var e = Assert.Throws<ConfigurationException>(() => HoconBinder.Get<RemotingTestOptions>(config.GetSection("remoting")));
        Assert.Equal("remoting:max-frame-size:control", e.Path);
        Assert.Contains("found 'lots'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_RecordWithConstructor_Binds()
    {
        var options = HoconBinder.Get<MetricsTestOptions>(Build("metrics { enabled = on, host = h, port = 9464 }").GetSection("metrics"));
        Assert.Equal(new MetricsTestOptions(true, "h", 9464), options);
    }

    [Fact]
    public void Bind_ExistingInstance_KeepsUnsetDefaults()
    {
        var options = new PredeployTestOptions { StorePath = "default" };
        HoconBinder.Bind(Build("scan-interval = 30s"), options);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ScanInterval);
        Assert.Equal("default", options.StorePath);
    }

    [Fact]
    public void StockBinder_WithoutHelper_CannotReadHoconDuration()
    {
        // Why HoconBinder exists: the stock TimeSpan converter rejects "1s".
        var config = Build("DowntimeTarget = 1s");
        Assert.Throws<InvalidOperationException>(() => config.Get<MigrationTestOptions>());
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("off", false)]
    public void Get_HoconBooleanSpellings_Bind(string text, bool expected)
    {
        Assert.Equal(expected, HoconBinder.Get<TlsTestOptions>(Build($"enabled = {text}")).Enabled);
    }
}
