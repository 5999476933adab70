using FsCheck;
using FsCheck.Fluent;
using FtActors.TestKit;

namespace FtActors.Upkeep.Tests;

public class TokenBucketTests
{
    [Fact]
    public void Take_WithinBurst_NoWait_ThenWaitsForDebt()
    {
        var clock = new ManualTimeProvider();
        var b = new TokenBucket(1000, 500, clock);
        Assert.Equal(TimeSpan.Zero, b.Take(500));
        Assert.Equal(TimeSpan.FromSeconds(0.25), b.Take(250));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, b.Take(500));
    }

    [Fact]
    public void Take_MoreThanBurst_IsRefused()
    {
        var b = new TokenBucket(1000, 500, new ManualTimeProvider());
        Assert.Throws<ArgumentOutOfRangeException>(() => b.Take(501));
    }

    /// <summary>
    /// A sender that takes random amounts and waits as told, with random idle gaps: over every window between
    /// two sends, the bytes used never exceed burst + rate x window.
    /// </summary>
    [Fact]
    public void Take_AnySequence_NeverExceedsRateOverAnyWindow()
    {
        Gen<(int Bytes, int IdleMs)[]> steps = Gen.Choose(1, 500).Zip(Gen.Choose(0, 300)).ArrayOf();
        Prop.ForAll(steps.ToArbitrary(), s =>
        {
            const long rate = 1000, burst = 500;
            var clock = new ManualTimeProvider();
            var b = new TokenBucket(rate, burst, clock);
            var sends = new List<(double T, long Bytes)>();
            double now = 0;
            foreach ((int bytes, int idle) in s)
            {
                clock.Advance(TimeSpan.FromMilliseconds(idle));
                now += idle / 1000.0;
                TimeSpan wait = b.Take(bytes);
                clock.Advance(wait);
                now += wait.TotalSeconds;
                sends.Add((now, bytes));
            }

            for (int i = 0; i < sends.Count; i++)
            {
                long sum = 0;
                for (int j = i; j < sends.Count; j++)
                {
                    sum += sends[j].Bytes;
                    double window = sends[j].T - sends[i].T;
                    if (sum > burst + (rate * window) + 1e-6)
                    {
                        return false;
                    }
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }
}
