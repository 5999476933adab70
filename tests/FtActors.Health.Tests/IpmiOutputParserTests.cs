using FsCheck;
using FsCheck.Fluent;
using FtActors.Health.Sources;
using Xunit;

namespace FtActors.Health.Tests;

public class IpmiOutputParserTests
{
    [Fact]
    public void ParseIpmitoolSensor_RecordedOutput_MapsStatusValuesAndLimits()
    {
        var r = IpmiOutputParser.ParseIpmitoolSensor(Recorded.Read("ipmitool-sensor.txt")).ToDictionary(x => x.Check);

        Assert.Equal(9, r.Count);
        var cpu1 = r["ipmi/CPU1 Temp"];
        Assert.Equal((HealthState.Ok, 41.0, "C", 79.0, 82.0), (cpu1.State, cpu1.Value!.Value, cpu1.Unit, cpu1.WarnLimit!.Value, cpu1.CritLimit!.Value));
        Assert.Equal(HealthState.Warning, r["ipmi/CPU2 Temp"].State);
        Assert.Equal(HealthState.Unknown, r["ipmi/P1-DIMMA2 TEMP"].State);
        var fan2 = r["ipmi/FAN2"];
        Assert.Equal((HealthState.Failing, 200.0, true, 700.0, 500.0), (fan2.State, fan2.Value!.Value, fan2.LowerIsWorse, fan2.WarnLimit!.Value, fan2.CritLimit!.Value));
        Assert.Equal((HealthState.Ok, 12.192, "V"), (r["ipmi/12V"].State, r["ipmi/12V"].Value!.Value, r["ipmi/12V"].Unit));
        // Discrete sensors whose status column is a hex bit field are not judged.
        Assert.Equal(HealthState.Unknown, r["ipmi/UID Light"].State);
    }

    [Fact]
    public void ParseIpmitoolSdr_RecordedOutput_NoReadingIsUnknown()
    {
        var r = IpmiOutputParser.ParseIpmitoolSdr(Recorded.Read("ipmitool-sdr.txt")).ToDictionary(x => x.Check);

        Assert.Equal((HealthState.Ok, 29.0, "C"), (r["ipmi/CPU1 Temp"].State, r["ipmi/CPU1 Temp"].Value!.Value, r["ipmi/CPU1 Temp"].Unit));
        Assert.Equal(HealthState.Unknown, r["ipmi/MB_10G Temp"].State);
        Assert.Equal(HealthState.Unknown, r["ipmi/FAN3"].State);
        Assert.Equal((3400.0, "RPM"), (r["ipmi/FAN1"].Value!.Value, r["ipmi/FAN1"].Unit));
        Assert.Equal(HealthState.Ok, r["ipmi/PS1 Status"].State);
        Assert.Equal(HealthState.Failing, r["ipmi/PS2 Status"].State);
    }

    [Fact]
    public void ParseIpmiSensors_CsvAndTable_MapFreeIpmiStates()
    {
        var csv = IpmiOutputParser.ParseIpmiSensors(Recorded.Read("ipmi-sensors.csv")).ToDictionary(x => x.Check);
        var table = IpmiOutputParser.ParseIpmiSensors(Recorded.Read("ipmi-sensors-table.txt")).ToDictionary(x => x.Check);

        Assert.Equal(6, csv.Count);
        Assert.Equal((HealthState.Ok, 42.0), (csv["ipmi/CPU1 Temp"].State, csv["ipmi/CPU1 Temp"].Value!.Value));
        Assert.Equal(HealthState.Failing, csv["ipmi/CPU2 Temp"].State);
        Assert.Equal(HealthState.Unknown, csv["ipmi/FAN2"].State);
        Assert.Equal(HealthState.Warning, csv["ipmi/12V"].State);
        Assert.Equal((HealthState.Ok, (double?)null), (csv["ipmi/PS1 Status"].State, csv["ipmi/PS1 Status"].Value));
        Assert.Equal(2, table.Count);
        Assert.Equal(42.0, table["ipmi/CPU1 Temp"].Value);
        Assert.Equal(HealthState.Unknown, table["ipmi/FAN2"].State);
    }

    [Fact]
    public void ParseSelElist_NewEntries_CountsAssertedEccOnly()
    {
        var first = IpmiOutputParser.ParseSelElist(Recorded.Read("ipmitool-sel-elist.txt"), -1);
        var later = IpmiOutputParser.ParseSelElist(Recorded.Read("ipmitool-sel-elist-later.txt"), first.MaxId);

        Assert.Equal(3, first.MaxId);
        Assert.Equal(new SelScan(2, 1, 0, 7), later);
    }

    [Theory]
    [InlineData("ipmitool-sensor.txt")]
    [InlineData("ipmitool-sdr.txt")]
    [InlineData("ipmi-sensors.csv")]
    public void Parsers_MutatedOutput_NeverThrowNorRaiseMoreAlarms(string file)
    {
        var original = Recorded.Read(file);
        Func<string, System.Collections.Immutable.ImmutableArray<HealthReading>> parse = file switch
        {
            "ipmitool-sensor.txt" => IpmiOutputParser.ParseIpmitoolSensor,
            "ipmitool-sdr.txt" => IpmiOutputParser.ParseIpmitoolSdr,
            _ => IpmiOutputParser.ParseIpmiSensors,
        };
        int alarms = parse(original).Count(r => r.State is HealthState.Warning or HealthState.Failing);

        Prop.ForAll(Mutations.Of(original), text =>
        {
            var readings = parse(text);
            return readings.Count(r => r.State is HealthState.Warning or HealthState.Failing) <= alarms &&
                readings.All(r => r.State != HealthState.Unknown || r.Reason.Length > 0);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Parsers_RandomText_NeverThrow()
    {
        Prop.ForAll(Mutations.RandomText(), text =>
        {
            _ = IpmiOutputParser.ParseIpmitoolSensor(text);
            _ = IpmiOutputParser.ParseIpmitoolSdr(text);
            _ = IpmiOutputParser.ParseIpmiSensors(text);
            var sel = IpmiOutputParser.ParseSelElist(text, 0);
            return sel.Corrected >= 0 && sel.Uncorrected >= 0;
        }).QuickCheckThrowOnFailure();
    }
}
