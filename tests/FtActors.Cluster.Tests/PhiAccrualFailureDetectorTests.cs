using FsCheck;
using FsCheck.Fluent;
using FtActors.TestKit;
using Xunit;

namespace FtActors.Cluster.Tests;

public sealed class PhiAccrualFailureDetectorTests
{
    [Theory]
    [InlineData(1000, 1000, 100, 0.30103)] // at the mean: P = 0.5
    [InlineData(1100, 1000, 100, 0.79951)] // one deviation late: P ~ 0.1587
    [InlineData(1300, 1000, 100, 2.90948)] // three deviations
    [InlineData(1500, 1000, 100, 7.29995)] // five deviations: just below Akka's default threshold 8
    [InlineData(900, 1000, 100, 0.07503)] // early
    public void PhiOf_KnownGaps_MatchesLogisticApproximation(double elapsed, double mean, double std, double expected)
    {
        Assert.Equal(expected, PhiAccrualFailureDetector.PhiOf(elapsed, mean, std), 0.0001);
    }

    [Fact]
    public void PhiOf_LongerGap_NeverSmaller()
    {
        Prop.ForAll(
            Gen.Choose(0, 100_000).ToArbitrary(),
            Gen.Choose(1, 5_000).ToArbitrary(),
            Gen.Choose(1, 2_000).ToArbitrary(),
            (gap, mean, std) =>
                PhiAccrualFailureDetector.PhiOf(gap + 1, mean, std) >= PhiAccrualFailureDetector.PhiOf(gap, mean, std) - 1e-9
                && PhiAccrualFailureDetector.PhiOf(gap, mean, std) >= 0)
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Phi_BeforeFirstHeartbeat_ZeroAndAvailable()
    {
        var clock = new ManualTimeProvider();
        var detector = Create(clock);

        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(0, detector.Phi());
        Assert.True(detector.IsAvailable);
        Assert.False(detector.IsMonitoring);
    }

    [Fact]
    public void Phi_RegularHeartbeats_StaysLowUntilSilenceExceedsPause()
    {
        var clock = new ManualTimeProvider();
        var detector = Create(clock);
        for (var i = 0; i < 20; i++)
        {
            detector.Heartbeat();
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        // 1 s after the last heartbeat, with a 3 s acceptable pause: far below the threshold.
        Assert.True(detector.Phi() < 1, $"phi {detector.Phi()}");
        Assert.True(detector.IsAvailable);

        clock.Advance(TimeSpan.FromSeconds(2.5));
        Assert.True(detector.IsAvailable, $"phi {detector.Phi()} at 3.5 s");

        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.False(detector.IsAvailable, $"phi {detector.Phi()} at 6.5 s");
    }

    [Fact]
    public void Heartbeat_AfterOutage_DoesNotLearnTheOutage()
    {
        var clock = new ManualTimeProvider();
        var detector = Create(clock);
        for (var i = 0; i < 10; i++)
        {
            detector.Heartbeat();
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var samples = detector.SampleCount;
        clock.Advance(TimeSpan.FromSeconds(60));
        detector.Heartbeat();

        Assert.Equal(samples, detector.SampleCount);
        Assert.True(detector.IsAvailable);
    }

    [Fact]
    public void Heartbeat_BeyondMaxSampleSize_KeepsOnlyTheNewest()
    {
        var clock = new ManualTimeProvider();
        var detector = new PhiAccrualFailureDetector(8, 5, TimeSpan.FromMilliseconds(100), TimeSpan.Zero, TimeSpan.FromSeconds(1), clock);
        for (var i = 0; i < 20; i++)
        {
            detector.Heartbeat();
            clock.Advance(TimeSpan.FromMilliseconds(500));
        }

        Assert.Equal(5, detector.SampleCount);
        // History is now all 500 ms: a 1.5 s silence (three intervals) is suspicious with no pause allowance.
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(detector.IsAvailable, $"phi {detector.Phi()}");
    }

    [Fact]
    public void FromOptions_BadThreshold_Throws()
    {
        var options = new ClusterOptions { PhiThreshold = 0 };
        Assert.Throws<ArgumentOutOfRangeException>(() => PhiAccrualFailureDetector.FromOptions(options));
    }

    private static PhiAccrualFailureDetector Create(TimeProvider clock) =>
        new(8, 1000, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1), clock);
}
