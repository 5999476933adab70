using FtActors.Configuration;
using Xunit;

namespace FtActors.Health.Tests;

public class HealthSetupTests
{
    [Fact]
    public void Load_ReferenceConf_HwmonAndEdacOnByDefault()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "hocon", "reference.conf")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("hocon/reference.conf not found above the test directory");
        }

        var setup = HealthSetup.Load(HoconLoader.LoadFile(Path.Combine(dir, "hocon", "reference.conf")), TimeProvider.System);

        Assert.Equal(["hwmon", "edac"], setup.Sources.Select(s => s.Name));
        Assert.Equal(TimeSpan.FromSeconds(1), setup.PollInterval);
        Assert.Equal(TimeSpan.FromMinutes(5), setup.Policy.CoolDown);
    }

    [Fact]
    public void Load_AllSources_EachCreated()
    {
        var config = HoconLoader.Parse("""
            ftactors.health {
              node-name = cn17
              poll-interval = 250ms
              sources {
                rasdaemon.enabled = true
                ipmi { enabled = true, format = ipmi-sensors, command = ["ipmi-sensors", "--comma-separated-output"] }
                ipmi-sel.enabled = true
                smart { enabled = true, devices = ["/dev/sda"] }
                commands { nhc { command = ["/usr/sbin/nhc"], timeout = 20s } }
                fault-injection { enabled = true, file = "/tmp/x.json" }
              }
            }
            """);

        var setup = HealthSetup.Load(config, TimeProvider.System);

        Assert.Equal("cn17", setup.Node);
        Assert.Equal(["hwmon", "edac", "rasdaemon", "ipmi", "ipmi-sel", "smart", "command", "inject"], setup.Sources.Select(s => s.Name));
        Assert.Equal(TimeSpan.FromSeconds(20), setup.Sources.Single(s => s.Name == "command").Timeout);
    }

    [Fact]
    public void Load_UnknownIpmiFormat_ErrorNamesSettingAndValue()
    {
        var ex = Assert.Throws<HealthFormatException>(() => HealthSetup.Load(HoconLoader.Parse("ftactors.health.sources.ipmi { enabled = true, format = racadm }"), TimeProvider.System));

        Assert.Contains("ftactors.health.sources.ipmi.format", ex.Message, StringComparison.Ordinal);
        Assert.Contains("found 'racadm'", ex.Message, StringComparison.Ordinal);
    }
}
