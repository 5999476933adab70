using FtActors.Health.Sources;
using FtActors.TestKit;
using Xunit;

namespace FtActors.Health.Tests;

public class FaultInjectionSourceTests
{
    private const string Rising = """{ "readings": [ { "check": "cpu-temp", "unit": "C", "start": 60, "ratePerSecond": 2, "end": 95, "warn": 85, "crit": 95 } ] }""";

    [Fact]
    public async Task Poll_RisingTrend_FollowsTimeAndHoldsAtEnd()
    {
        using var dir = new TempDir();
        var file = dir.Write("inject.json", Rising);
        var clock = new ManualTimeProvider();
        var source = new FaultInjectionSource(file, clock, TimeSpan.FromSeconds(5));

        var t0 = Assert.Single(await source.PollAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(13));
        var t13 = Assert.Single(await source.PollAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(10));
        var t23 = Assert.Single(await source.PollAsync(CancellationToken.None));

        Assert.Equal((60.0, HealthState.Ok, "inject/cpu-temp"), (t0.Value!.Value, t0.State, t0.Check));
        Assert.Equal((86.0, HealthState.Warning), (t13.Value!.Value, t13.State));
        Assert.Equal((95.0, HealthState.Failing), (t23.Value!.Value, t23.State));
    }

    [Fact]
    public async Task Poll_FileChanged_ReloadedAndRestarted()
    {
        using var dir = new TempDir();
        var file = dir.Write("inject.json", Rising);
        var clock = new ManualTimeProvider();
        var source = new FaultInjectionSource(file, clock, TimeSpan.FromSeconds(5));
        await source.PollAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(5));

        File.WriteAllText(file, """{ "readings": [ { "check": "fan", "unit": "RPM", "start": 3000, "ratePerSecond": -100, "warn": 1000, "crit": 300, "lowerIsWorse": true } ] }""");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddSeconds(5));
        var r = Assert.Single(await source.PollAsync(CancellationToken.None));

        Assert.Equal(("inject/fan", 3000.0, true), (r.Check, r.Value!.Value, r.LowerIsWorse));
    }

    [Fact]
    public async Task Poll_BadJson_UnknownWithLine()
    {
        using var dir = new TempDir();
        var file = dir.Write("inject.json", "{\n \"readings\": [ { \"check\": 1 } ]\n}");

        var r = Assert.Single(await new FaultInjectionSource(file, TimeProvider.System, TimeSpan.FromSeconds(5)).PollAsync(CancellationToken.None));

        Assert.Equal(HealthState.Unknown, r.State);
        Assert.Contains("readings[0]", r.Reason, StringComparison.Ordinal);
    }
}
