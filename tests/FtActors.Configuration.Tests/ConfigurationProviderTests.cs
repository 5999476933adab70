using Microsoft.Extensions.Configuration;

namespace FtActors.Configuration.Tests;

/// <summary>Akka's Config flattened into configuration keys, and the layering of sources.</summary>
public class ConfigurationProviderTests
{
    [Fact]
    public void AddHoconString_Flattens_ObjectsWithColonsAndListsWithIndexes()
    {
        var config = new ConfigurationBuilder().AddHoconString("""
            a { b { c = 1 } }
            list = [x, { y = 2 }, [3]]
            nothing = null
            empty = {}
            none = []
            d = 10s
            words = foo bar  baz
            n = 1e5
            t = true
            """).Build();

        Assert.Equal("1", config["a:b:c"]);
        Assert.Equal("x", config["list:0"]);
        Assert.Equal("2", config["list:1:y"]);
        Assert.Equal("3", config["list:2:0"]);
        Assert.Null(config["nothing"]);
        Assert.Contains(config.AsEnumerable(), kv => kv.Key == "nothing" && kv.Value is null);
        Assert.Equal("10s", config["d"]);
        Assert.Equal("foo bar  baz", config["words"]);
        Assert.Equal("1e5", config["n"]);
        Assert.Equal("true", config["t"]);
        Assert.False(config.GetSection("empty").Exists());
        Assert.False(config.GetSection("none").Exists());
    }

    [Fact]
    public void Flatten_ResolvedSubstitutions_GiveTheirValues()
    {
        var data = HoconFlattener.Flatten(HoconLoader.Parse("base { h = x, l = [1, 2] }\ncopy = ${base}\nhost = ${base.h}"));

        Assert.Equal("x", data["host"]);
        Assert.Equal("x", data["copy:h"]);
        Assert.Equal("2", data["copy:l:1"]);
    }

    [Fact]
    public void Flatten_KeysAreCaseInsensitiveAsInConfiguration()
    {
        var config = new ConfigurationBuilder().AddHoconString("Cluster.Port = 1").Build();

        Assert.Equal("1", config["cluster:port"]);
    }

    [Fact]
    public void AddHocon_MissingOptionalFile_AddsNothing()
    {
        var config = new ConfigurationBuilder().AddHocon("/nonexistent/x.conf", optional: true).Build();

        Assert.Empty(config.AsEnumerable());
        Assert.True(config.GetHoconConfig().IsEmpty);
    }

    [Fact]
    public void AddHocon_MissingRequiredFile_ThrowsNamingFile()
    {
        var e = Assert.Throws<ConfigurationException>(() => new ConfigurationBuilder().AddHocon("/nonexistent/x.conf").Build());

        Assert.Equal("/nonexistent/x.conf", e.File);
    }

    [Fact]
    public void AddHocon_MalformedFile_ThrowsWithFileAndLine()
    {
        using var dir = new TempDir();
        var path = dir.Write("node.conf", "a {\n  b = 1\n}\nc = ^\n");

        var e = Assert.Throws<ConfigurationException>(() => new ConfigurationBuilder().AddHocon(path).Build());

        Assert.Equal(path, e.File);
        Assert.Equal(4, e.Line);
    }

    [Fact]
    public void LaterSources_OverrideEarlierOnes_InKeysAndInTheAkkaConfig()
    {
        var config = new ConfigurationBuilder()
            .AddHoconString("ftactors.remoting { port = 1, host = a }")
            .AddHoconString("ftactors.remoting.port = 2")
            .Build();

        Assert.Equal("2", config["ftactors:remoting:port"]);
        Assert.Equal("a", config["ftactors:remoting:host"]);
        Assert.Equal(2, config.GetHoconConfig().ReadInt("ftactors.remoting.port", 0));
        Assert.Equal("a", config.GetHoconConfig().ReadString("ftactors.remoting.host", "unset"));
    }

    [Fact]
    public void GetDurationAndGetSize_ReadHoconUnitsFromConfiguration()
    {
        var config = new ConfigurationBuilder().AddHoconString("t = 250 ms\ns = 8 MiB\nbad = soon").Build();

        Assert.Equal(TimeSpan.FromMilliseconds(250), config.GetDuration("t"));
        Assert.Equal(8L << 20, config.GetSize("s"));
        var e = Assert.Throws<ConfigurationException>(() => config.GetSection("x").GetDuration("bad"));
        Assert.Equal("x:bad", e.Path);
        Assert.StartsWith("x:bad: expected a duration", e.Message, StringComparison.Ordinal);
    }
}
