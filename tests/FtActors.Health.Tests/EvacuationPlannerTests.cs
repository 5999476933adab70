using FtActors.Health.Evacuation;
using Xunit;

namespace FtActors.Health.Tests;

public class EvacuationPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 4, 0, 0, TimeSpan.Zero);
    private const double GbitPerS = 125_000_000;
    private const long GiB = 1L << 30;

    private static FailurePrediction In(double seconds) => new("cn17", Now.AddSeconds(seconds), 0.9, "test", "test");

    [Fact]
    public void Plan_AmpleTime_SmallestFirstAllLive()
    {
        var plan = EvacuationPlanner.Plan(In(120),
        [
            new GuestProfile("big", 4 * GiB, 0.5, 10e6),
            new GuestProfile("small", GiB, 0.9, 10e6),
        ], GbitPerS, Now);

        Assert.Equal(["small", "big"], plan.Guests.Select(g => g.Guest));
        Assert.All(plan.Guests, g => Assert.Equal(MigrationMode.Live, g.Mode));
        // small: 10 % of 1 GiB = 107,374,183 bytes at (125 - 10) MB/s.
        Assert.Equal(107_374_183, plan.Guests[0].BytesToSend);
        Assert.InRange(plan.Guests[0].EstimatedDuration.TotalSeconds, 0.933, 0.934);
        Assert.True(plan.AllInTime);
        Assert.Contains("live:", plan.Guests[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_ShortWarning_StopAndCopyWhenLiveWouldNotFit()
    {
        // 1 GiB, nothing pre-deployed: stop-and-copy 8.6 s; live with 100 MB/s dirtying: 42.9 s.
        var plan = EvacuationPlanner.Plan(In(12), [new GuestProfile("g", GiB, 0, 100e6)], GbitPerS, Now);

        var g = Assert.Single(plan.Guests);
        Assert.Equal(MigrationMode.StopAndCopy, g.Mode);
        Assert.True(g.FinishesInTime);
        Assert.Equal("#1 (smallest first): 1073.7 MB to send (0% pre-deployed) at 125 MB/s; stop-and-copy: live would take 42.95 s, more than the 9.6 s usable; stop-and-copy takes 8.59 s", g.Reason);
    }

    [Fact]
    public void Plan_DirtierThanLink_StopAndCopySayingLiveWouldNotConverge()
    {
        var g = Assert.Single(EvacuationPlanner.Plan(In(600), [new GuestProfile("stencil", GiB, 0, 200e6)], GbitPerS, Now).Guests);

        Assert.Equal(MigrationMode.StopAndCopy, g.Mode);
        Assert.Contains("would not converge", g.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_TooLittleTime_FlagsGuestsThatWillNotFinish()
    {
        var plan = EvacuationPlanner.Plan(In(10),
        [
            new GuestProfile("a", GiB, 0, 0),
            new GuestProfile("b", GiB, 0, 0),
        ], GbitPerS, Now);

        Assert.True(plan.Guests[0].FinishesInTime);
        Assert.False(plan.Guests[1].FinishesInTime);
        Assert.Contains("will NOT finish", plan.Guests[1].Reason, StringComparison.Ordinal);
        Assert.False(plan.AllInTime);
    }

    [Fact]
    public void Plan_EqualCost_MoreValuableFirst()
    {
        var plan = EvacuationPlanner.Plan(In(60), [new GuestProfile("low", GiB, 0.5, 0, Value: 1), new GuestProfile("high", GiB, 0.5, 0, Value: 5)], GbitPerS, Now);

        Assert.Equal(["high", "low"], plan.Guests.Select(g => g.Guest));
    }
}
