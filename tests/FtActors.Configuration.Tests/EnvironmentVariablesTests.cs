using Microsoft.Extensions.Configuration;

namespace FtActors.Configuration.Tests;

public class EnvironmentVariablesTests
{
    [Theory]
    [InlineData("FTACTORS__CLUSTER__HEARTBEAT_INTERVAL", "ftactors:cluster:heartbeat-interval")]
    [InlineData("FTACTORS__HEALTH__SOURCES__IPMI_SEL__ENABLED", "ftactors:health:sources:ipmi-sel:enabled")]
    [InlineData("ftactors__x", "ftactors:x")]
    [InlineData("FTACTORS__CLUSTER__SEED_NODES__0", "ftactors:cluster:seed-nodes:0")]
    public void ToKey_DoubleUnderscoreSeparatesLevels_SingleBecomesDash(string variable, string key)
    {
        Assert.Equal(key, KebabEnvironmentVariablesSource.ToKey(variable));
    }

    [Fact]
    public void Source_OverridesHoconAndIgnoresOtherVariables()
    {
        var config = new ConfigurationBuilder()
            .AddHoconString("ftactors.cluster.heartbeat-interval = 1s")
            .AddKebabEnvironmentVariables(variables: Repo.Env(("FTACTORS__CLUSTER__HEARTBEAT_INTERVAL", "2s"), ("OTHER__X", "ignored"), ("FTACTORS_PORT", "1")))
            .Build();

        Assert.Equal("2s", config["ftactors:cluster:heartbeat-interval"]);
        Assert.Null(config["other:x"]);
        Assert.Null(config["ftactors-port"]);
    }

    [Fact]
    public void Source_WithoutInjectedVariables_ReadsTheProcessEnvironment()
    {
        var name = "FTACTORS__TEST__PROBE_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "seen");
        try
        {
            var config = new ConfigurationBuilder().AddKebabEnvironmentVariables().Build();

            Assert.Equal("seen", config[KebabEnvironmentVariablesSource.ToKey(name)]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}
