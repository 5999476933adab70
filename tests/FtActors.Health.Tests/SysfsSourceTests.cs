using FtActors.Health.Sources;
using Xunit;

namespace FtActors.Health.Tests;

public class SysfsSourceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Hwmon_FakeTree_TemperaturesFansVoltagesAgainstLimits()
    {
        using var dir = new TempDir();
        dir.Write("hwmon0/name", "coretemp\n");
        dir.Write("hwmon0/temp1_label", "Package id 0\n");
        dir.Write("hwmon0/temp1_input", "88000\n");
        dir.Write("hwmon0/temp1_max", "85000\n");
        dir.Write("hwmon0/temp1_crit", "95000\n");
        dir.Write("hwmon0/temp2_input", "41000\n");
        dir.Write("hwmon0/temp2_max", "0\n"); // garbage limit: ignored
        dir.Write("hwmon1/name", "nct6775\n");
        dir.Write("hwmon1/fan1_input", "0\n");
        dir.Write("hwmon1/fan1_min", "300\n");
        dir.Write("hwmon1/fan2_input", "0\n"); // unpopulated header, no minimum
        dir.Write("hwmon1/fan3_input", "1200\n");
        dir.Write("hwmon1/fan3_min", "300\n");
        dir.Write("hwmon1/in0_input", "1350\n");
        dir.Write("hwmon1/in0_min", "1000\n");
        dir.Write("hwmon1/in0_max", "1300\n");
        dir.Write("hwmon1/temp3_input", "garbage\n");

        var r = (await new HwmonSource(dir.Path, Timeout).PollAsync(CancellationToken.None)).ToDictionary(x => x.Check);

        Assert.Equal((HealthState.Warning, 88.0, 85.0, 95.0), (r["hwmon/coretemp/Package id 0"].State, r["hwmon/coretemp/Package id 0"].Value!.Value, r["hwmon/coretemp/Package id 0"].WarnLimit!.Value, r["hwmon/coretemp/Package id 0"].CritLimit!.Value));
        Assert.Equal((HealthState.Ok, (double?)null), (r["hwmon/coretemp/temp2"].State, r["hwmon/coretemp/temp2"].WarnLimit));
        Assert.Equal(HealthState.Failing, r["hwmon/nct6775/fan1"].State);
        Assert.Equal(HealthState.Unknown, r["hwmon/nct6775/fan2"].State);
        Assert.Equal(HealthState.Ok, r["hwmon/nct6775/fan3"].State);
        Assert.Equal((HealthState.Warning, 1.35), (r["hwmon/nct6775/in0"].State, r["hwmon/nct6775/in0"].Value!.Value));
        Assert.Equal(HealthState.Unknown, r["hwmon/nct6775/temp3"].State);
    }

    [Fact]
    public async Task Hwmon_MissingRoot_Unknown()
    {
        var r = Assert.Single(await new HwmonSource("/nonexistent/hwmon", Timeout).PollAsync(CancellationToken.None));

        Assert.Equal(HealthState.Unknown, r.State);
    }

    [Fact]
    public async Task Edac_Counters_NewErrorsSincePreviousPollAndResetTolerated()
    {
        using var dir = new TempDir();
        dir.Write("mc0/ce_count", "1000\n");
        dir.Write("mc0/ue_count", "0\n");
        var source = new EdacSource(dir.Path, Timeout, correctedWarn: 10, uncorrectedFail: 1);

        var first = (await source.PollAsync(CancellationToken.None)).ToDictionary(x => x.Check);
        dir.Write("mc0/ce_count", "1007\n");
        dir.Write("mc0/ue_count", "1\n");
        var second = (await source.PollAsync(CancellationToken.None)).ToDictionary(x => x.Check);
        dir.Write("mc0/ce_count", "3\n"); // reset_counters was written
        var third = (await source.PollAsync(CancellationToken.None)).ToDictionary(x => x.Check);

        Assert.Equal(0.0, first["edac/mc0/corrected"].Value);
        Assert.Equal(7.0, second["edac/mc0/corrected"].Value);
        Assert.Equal(1.0, second["edac/mc0/uncorrected"].Value);
        Assert.Equal(ReadingKind.EventCount, second["edac/mc0/uncorrected"].Kind);
        Assert.Equal(3.0, third["edac/mc0/corrected"].Value);
    }

    [Fact]
    public async Task Edac_MissingFile_UnknownForThatCounterOnly()
    {
        using var dir = new TempDir();
        dir.Write("mc0/ce_count", "5\n");

        var r = (await new EdacSource(dir.Path, Timeout, 10, 1).PollAsync(CancellationToken.None)).ToDictionary(x => x.Check);

        Assert.Equal(HealthState.Ok, r["edac/mc0/corrected"].State);
        Assert.Equal(HealthState.Unknown, r["edac/mc0/uncorrected"].State);
    }
}
