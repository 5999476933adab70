using FtActors.Config.Configuration;
using Microsoft.Extensions.Configuration;

namespace FtActors.Config.Tests;

public class ConfigurationProviderTests
{
    [Fact]
    public void AddHoconString_Flattens_ObjectsWithColonsAndArraysWithIndexes()
    {
        var config = new ConfigurationBuilder().AddHoconString("""
            a { b { c = 1 } }
            list = [x, { y = 2 }, [3]]
            nothing = null
            empty = {}
            d = 10s
            """, TestHocon.Options()).Build();
        Assert.Equal("1", config["a:b:c"]);
        Assert.Equal("x", config["list:0"]);
        Assert.Equal("2", config["list:1:y"]);
        Assert.Equal("3", config["list:2:0"]);
        Assert.Null(config["nothing"]);
        Assert.Equal("10s", config["d"]);
        Assert.False(config.GetSection("empty").Exists());
    }

    [Fact]
    public void Flatten_KeysAreCaseInsensitiveAsInConfiguration()
    {
        var config = new ConfigurationBuilder().AddHoconString("Cluster.Port = 1", TestHocon.Options()).Build();
        Assert.Equal("1", config["cluster:port"]);
    }

    [Fact]
    public void AddHocon_MissingOptionalFile_AddsNothing()
    {
        var config = new ConfigurationBuilder().AddHocon("/nonexistent/x.conf", optional: true).Build();
        Assert.Empty(config.AsEnumerable());
    }

    [Fact]
    public void AddHocon_MissingRequiredFile_ThrowsHoconExceptionNamingFile()
    {
        var e = Assert.Throws<HoconException>(() => new ConfigurationBuilder().AddHocon("/nonexistent/x.conf").Build());
        Assert.Equal("/nonexistent/x.conf", e.File);
        Assert.Contains("optional: true", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddHocon_MalformedFile_ThrowsWithFileLineColumn()
    {
        using var dir = new TempDir();
        var path = dir.Write("node.conf", "a {\n  b = 1\n  c = [1, 2\n}\n");
        var e = Assert.Throws<HoconException>(() => new ConfigurationBuilder().AddHocon(path).Build());
        Assert.Equal(path, e.File);
        Assert.Equal(4, e.Line);
        Assert.Equal(1, e.Column);
        Assert.Equal($"{path}:4:1: expected a value or ']', found '}}'", e.Message);
    }

    [Fact]
    public void LaterSources_OverrideEarlierOnes()
    {
        var config = new ConfigurationBuilder()
            .AddHoconString("ftactors.remoting { port = 1, host = a }", TestHocon.Options())
            .AddHoconString("ftactors.remoting.port = 2", TestHocon.Options())
            .Build();
        Assert.Equal("2", config["ftactors:remoting:port"]);
        Assert.Equal("a", config["ftactors:remoting:host"]);
    }

    [Fact]
    public void KebabEnvironmentVariables_MapUnderscoresToKebabKeys()
    {
        Assert.Equal("ftactors:cluster:heartbeat-interval", KebabEnvironmentVariablesSource.ToKey("FTACTORS__CLUSTER__HEARTBEAT_INTERVAL"));
        var config = new ConfigurationBuilder()
            .AddHoconString("ftactors.cluster.heartbeat-interval = 1s", TestHocon.Options())
            .AddKebabEnvironmentVariables(variables: TestHocon.Env(("FTACTORS__CLUSTER__HEARTBEAT_INTERVAL", "2s"), ("OTHER__X", "ignored")))
            .Build();
        Assert.Equal("2s", config["ftactors:cluster:heartbeat-interval"]);
        Assert.Null(config["other:x"]);
    }

    [Fact]
    public void GetDurationAndGetSize_ReadHoconUnitsFromConfiguration()
    {
        var config = new ConfigurationBuilder().AddHoconString("t = 250 ms\ns = 8 MiB\nbad = soon", TestHocon.Options()).Build();
        Assert.Equal(TimeSpan.FromMilliseconds(250), config.GetDuration("t"));
        Assert.Equal(8L << 20, config.GetSize("s"));
        var e = Assert.Throws<HoconException>(() => config.GetSection("x").GetDuration("bad"));
        Assert.Equal("x:bad", e.Path);
    }
}
