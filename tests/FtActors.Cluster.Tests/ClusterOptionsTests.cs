using FtActors.Configuration;
using FtActors.Persistence.Membership;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace FtActors.Cluster.Tests;

public sealed class ClusterOptionsTests
{
    [Fact]
    public void Get_ReferenceConf_BindsEveryClusterKeyAndValidates()
    {
        var config = new ConfigurationBuilder().AddHocon(Path.Combine(AppContext.BaseDirectory, "hocon", "reference.conf")).Build();

        var options = HoconBinder.Get<ClusterOptions>(config.GetSection("ftactors:cluster"));
        options.Validate();

        Assert.Equal("ftactors", options.Id);
        Assert.Equal(NodeRoles.Compute, options.ParseRoles());
        Assert.Equal(TimeSpan.FromSeconds(1), options.HeartbeatInterval);
        Assert.Equal(8, options.PhiThreshold);
        Assert.Equal(TimeSpan.FromSeconds(3), options.AcceptableHeartbeatPause);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.MinStdDeviation);
        Assert.Equal(1000, options.MaxSampleSize);
        Assert.Equal("sqlite", options.Membership.Provider);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Membership.IAmAliveInterval);
        Assert.Equal(2, options.Membership.VotesForDeath);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Agent.TableRefreshInterval);
        Assert.Equal(TimeSpan.FromSeconds(90), options.Agent.IAmAliveStaleLimit);
        Assert.Equal(TimeSpan.FromMinutes(2), options.Agent.DeathVoteExpiration);
    }

    [Fact]
    public void Validate_UnknownRole_NamesIndexAndValue()
    {
        var options = new ClusterOptions { Roles = ["compute", "gpu"] };

        var e = Assert.Throws<ClusterException>(options.Validate);

        Assert.Equal("ftactors.cluster.roles[1]: expected \"compute\" or \"spare\", found \"gpu\"", e.Message);
    }

    [Fact]
    public void Validate_StaleLimitNotAboveIAmAlive_NamesBothKeys()
    {
        var options = new ClusterOptions();
        options.Agent.IAmAliveStaleLimit = TimeSpan.FromSeconds(30);

        var e = Assert.Throws<ClusterException>(options.Validate);

        Assert.StartsWith("ftactors.cluster.agent.i-am-alive-stale-limit: expected a duration longer than membership.i-am-alive-interval", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownProvider_Refused()
    {
        var options = new ClusterOptions();
        options.Membership.Provider = "mysql";

        var e = Assert.Throws<ClusterException>(options.Validate);

        Assert.Equal("ftactors.cluster.membership.provider: expected \"sqlite\" or \"postgresql\", found \"mysql\"", e.Message);
    }
}
