using FsCheck;
using FsCheck.Fluent;
using FtActors.Health.Sources;
using Xunit;

namespace FtActors.Health.Tests;

public class SmartctlParserTests
{
    [Fact]
    public void Parse_PassedAtaWithPendingSectors_OkStatusAndWarning()
    {
        var r = SmartctlParser.Parse(Recorded.Read("smartctl-ata-passed.json"), "/dev/sda").ToDictionary(x => x.Check);

        Assert.Equal(HealthState.Ok, r["smart//dev/sda/status"].State);
        Assert.Equal(36.0, r["smart//dev/sda/temperature"].Value);
        Assert.Equal(HealthState.Ok, r["smart//dev/sda/reallocated_sectors"].State);
        Assert.Equal((HealthState.Warning, 8.0), (r["smart//dev/sda/pending_sectors"].State, r["smart//dev/sda/pending_sectors"].Value!.Value));
    }

    [Fact]
    public void Parse_FailedHealth_Failing()
    {
        var r = SmartctlParser.Parse(Recorded.Read("smartctl-ata-failing.json"), "/dev/sdb").ToDictionary(x => x.Check);

        Assert.Equal(HealthState.Failing, r["smart//dev/sdb/status"].State);
        Assert.Contains("FAILED", r["smart//dev/sdb/status"].Reason, StringComparison.Ordinal);
        Assert.Equal(HealthState.Warning, r["smart//dev/sdb/reallocated_sectors"].State);
    }

    [Fact]
    public void Parse_Nvme_CriticalWarningAndMediaErrors()
    {
        var r = SmartctlParser.Parse(Recorded.Read("smartctl-nvme.json"), "/dev/nvme0").ToDictionary(x => x.Check);

        Assert.Equal(HealthState.Ok, r["smart//dev/nvme0/critical_warning"].State);
        Assert.Equal((HealthState.Warning, 2.0), (r["smart//dev/nvme0/media_errors"].State, r["smart//dev/nvme0/media_errors"].Value!.Value));
        var failing = SmartctlParser.Parse(Recorded.Read("smartctl-nvme.json").Replace("\"critical_warning\": 0", "\"critical_warning\": 4", StringComparison.Ordinal), "/dev/nvme0");
        Assert.Equal(HealthState.Failing, failing.Single(x => x.Check.EndsWith("critical_warning", StringComparison.Ordinal)).State);
    }

    [Fact]
    public void Parse_OpenFailed_UnknownWithMessage()
    {
        var r = Assert.Single(SmartctlParser.Parse(Recorded.Read("smartctl-open-failed.json"), "/dev/sdz"));

        Assert.Equal(HealthState.Unknown, r.State);
        Assert.Contains("No such device", r.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotJson_UnknownNamingTheLine()
    {
        var r = Assert.Single(SmartctlParser.Parse("{\n  \"smartctl\": oops", "/dev/sda"));

        Assert.Equal(HealthState.Unknown, r.State);
        Assert.Contains("line 2", r.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("smartctl-ata-passed.json")]
    [InlineData("smartctl-nvme.json")]
    public void Parse_MutatedJson_NeverThrowsNorRaisesMoreAlarms(string file)
    {
        var original = Recorded.Read(file);
        int alarms = SmartctlParser.Parse(original, "d").Count(r => r.State is HealthState.Warning or HealthState.Failing);

        Prop.ForAll(Mutations.Of(original), text =>
            SmartctlParser.Parse(text, "d").Count(r => r.State is HealthState.Warning or HealthState.Failing) <= alarms)
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Parse_RandomText_Unknown()
    {
        Prop.ForAll(Mutations.RandomText(), text =>
            SmartctlParser.Parse(text, "d").All(r => r.State == HealthState.Unknown)).QuickCheckThrowOnFailure();
    }
}
