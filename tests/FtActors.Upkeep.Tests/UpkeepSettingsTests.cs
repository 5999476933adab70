using FtActors.Configuration;
using FtActors.Store;
using Microsoft.Extensions.Configuration;

namespace FtActors.Upkeep.Tests;

public class UpkeepSettingsTests
{
    private static string ReferenceConf()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "hocon", "reference.conf")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return Path.Combine(dir ?? throw new InvalidOperationException("hocon/reference.conf not found above the test binaries"), "hocon", "reference.conf");
    }

    [Fact]
    public void FromConfiguration_ReferenceConf_BindsPredeployBlock()
    {
        IConfiguration config = new ConfigurationBuilder().AddHocon(ReferenceConf()).Build();
        UpkeepSettings s = UpkeepSettings.FromConfiguration(config);
        Assert.Equal(TimeSpan.FromSeconds(30), s.ScanInterval);
        Assert.Equal(32L << 20, s.BandwidthBudget);
        Assert.Equal(3, s.StableScans);
        Assert.Equal(256L << 20, s.ScanRate);
        Assert.Equal("0.0.0.0:7790", s.FeedListen);
        Assert.Equal(4096, s.FeedCommitPages);
        Assert.Equal(SelectionPolicy.Stable, s.Policy.Policy);
    }

    [Fact]
    public void FromConfiguration_BadValue_NamesKeyAndValue()
    {
        IConfiguration config = new ConfigurationBuilder().AddHoconString("ftactors.predeploy { stable-scans = 0 }").Build();
        var e = Assert.Throws<UpkeepException>(() => UpkeepSettings.FromConfiguration(config));
        Assert.Contains("ftactors.predeploy.stable-scans", e.Message, StringComparison.Ordinal);
        Assert.Contains("found 0", e.Message, StringComparison.Ordinal);
    }
}
