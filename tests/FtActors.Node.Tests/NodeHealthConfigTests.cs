using FsCheck;
using FsCheck.Fluent;
using FtActors.Configuration;
using FtActors.Health;
using FtActors.Health.Sources;
using FtActors.TestKit;
using Xunit;

namespace FtActors.Node.Tests;

/// <summary>The node's health section: HOCON file, then FTACTORS__HEALTH__ environment variables, then --set.</summary>
public sealed class NodeHealthConfigTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ft-healthcfg-" + Guid.NewGuid().ToString("N"));
    private readonly string _file;

    public NodeHealthConfigTests()
    {
        Directory.CreateDirectory(_dir);
        _file = Path.Combine(_dir, "node.conf");
        File.WriteAllText(_file, "ftactors.health { poll-interval = 1s, sources { hwmon.enabled = false, edac.enabled = false } }\n");
    }

    public void Dispose() => TestCleanup.DeleteDirectory(_dir);

    [Fact]
    public void Load_EnvironmentVariables_ReachTheHealthSection()
    {
        var env = new Dictionary<string, string>
        {
            ["FTACTORS__HEALTH__POLL_INTERVAL"] = "3s",
            ["FTACTORS__HEALTH__POLICY__MAINTENANCE"] = "true",
            ["FTACTORS__HEALTH__POLICY__COOL_DOWN"] = "42s",
            ["FTACTORS__HEALTH__SOURCES__FAULT_INJECTION__ENABLED"] = "true",
            ["FTACTORS__HEALTH__SOURCES__FAULT_INJECTION__FILE"] = Path.Combine(_dir, "inject.json"),
            ["FTACTORS__HEALTH__SOURCES__COMMANDS__NHC__COMMAND"] = "[\"/bin/true\", \"-x\"]",
            ["FTACTORS__CLUSTER__HEARTBEAT_INTERVAL"] = "not a health key",
            ["PATH"] = "/usr/bin",
        };

        var setup = NodeHealthConfig.Load(_file, [], "cn1", env);

        Assert.Equal("cn1", setup.Node);
        Assert.Equal(TimeSpan.FromSeconds(3), setup.PollInterval);
        Assert.True(setup.Policy.Maintenance);
        Assert.Equal(TimeSpan.FromSeconds(42), setup.Policy.CoolDown);
        Assert.Equal(["command", "inject"], setup.Sources.Select(s => s.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Load_SetAndEnvironment_CommandLineWinsOverEnvironmentOverFile()
    {
        var env = new Dictionary<string, string> { ["FTACTORS__HEALTH__POLL_INTERVAL"] = "3s", ["ftactors__health__policy__trend_min_samples"] = "7" };

        var setup = NodeHealthConfig.Load(_file, ["ftactors.health.poll-interval=5s"], "cn1", env);
        var fileOnly = NodeHealthConfig.Load(_file, [], "cn1", new Dictionary<string, string>());

        Assert.Equal(TimeSpan.FromSeconds(5), setup.PollInterval);
        Assert.Equal(7, setup.Policy.TrendMinSamples);
        Assert.Equal(TimeSpan.FromSeconds(1), fileOnly.PollInterval);
        Assert.Equal(5, fileOnly.Policy.TrendMinSamples);
    }

    [Fact]
    public void Load_BadEnvironmentValue_ErrorNamesTheKeyAndValue()
    {
        var env = new Dictionary<string, string> { ["FTACTORS__HEALTH__POLL_INTERVAL"] = "soon" };

        var e = Assert.Throws<ConfigurationException>(() => NodeHealthConfig.Load(_file, [], "cn1", env));

        Assert.Contains("poll-interval", e.Message, StringComparison.Ordinal);
        Assert.Contains("soon", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RandomEnvironmentValues_LoadOrThrowConfigurationErrorsOnly()
    {
        var keys = new[] { "POLL_INTERVAL", "POLICY__MAINTENANCE", "POLICY__MIN_CONFIDENCE", "SOURCES__SMART__DEVICES", "SOURCES__COMMANDS__X__COMMAND" };
        var gen = from k in Gen.Elements(keys)
                  from v in ArbMap.Default.GeneratorFor<string>()
                  select (Key: "FTACTORS__HEALTH__" + k, Value: (v ?? string.Empty).Replace("\0", string.Empty, StringComparison.Ordinal));
        Prop.ForAll(gen.ToArbitrary(), kv =>
        {
            try
            {
                NodeHealthConfig.Load(_file, [], "cn1", new Dictionary<string, string> { [kv.Key] = kv.Value });
                return true;
            }
            catch (Exception e) when (e is ConfigurationException or HealthFormatException or ArgumentException)
            {
                return e.Message.Length > 0;
            }
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("[/bin/true, -x]")]
    [InlineData("[\"a\", 1]")]
    [InlineData("{ command = [\"x\"] }")]
    public void Load_OverrideThatIsNotAJsonListOfStrings_ErrorSaysWhatWasExpected(string value)
    {
        var env = new Dictionary<string, string> { ["FTACTORS__HEALTH__SOURCES__COMMANDS__NHC__COMMAND"] = value };

        var e = Assert.Throws<ConfigurationException>(() => NodeHealthConfig.Load(_file, [], "cn1", env));

        Assert.StartsWith("FTACTORS__HEALTH__SOURCES__COMMANDS__NHC__COMMAND: expected text, a quoted string or a JSON list of strings", e.Message, StringComparison.Ordinal);
        Assert.EndsWith($"found '{value}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ParsedFileAndQuotedSet_SameSetupAsFromThePath()
    {
        var setup = NodeHealthConfig.Load(HoconLoader.LoadFile(_file), ["ftactors.health.node-name=\"x\"", "ftactors.health.poll-interval=\"4s\""], "cn1", new Dictionary<string, string>());

        Assert.Equal(TimeSpan.FromSeconds(4), setup.PollInterval);
        Assert.Empty(setup.Sources);
    }

    [Fact]
    public void Load_SetWithoutEquals_ConfigurationException()
    {
        var e = Assert.Throws<ConfigurationException>(() => NodeHealthConfig.Load(_file, ["ftactors.health.poll-interval"], "cn1", new Dictionary<string, string>()));

        Assert.Equal("--set: expected key=value, found \"ftactors.health.poll-interval\"", e.Message);
    }

    [Fact]
    public void Load_FaultInjectionFromEnvironment_SourceIsFaultInjection()
    {
        var env = new Dictionary<string, string>
        {
            ["FTACTORS__HEALTH__SOURCES__FAULT_INJECTION__ENABLED"] = "on",
            ["FTACTORS__HEALTH__SOURCES__FAULT_INJECTION__FILE"] = Path.Combine(_dir, "inject.json"),
        };

        var setup = NodeHealthConfig.Load(_file, [], "cn1", env);

        Assert.IsType<FaultInjectionSource>(Assert.Single(setup.Sources));
    }
}
