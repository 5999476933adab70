using FtActors.Pages;
using FtActors.Store;

namespace FtActors.Upkeep.Tests;

public class StabilityAndPolicyTests
{
    [Fact]
    public void Observe_SameHashRepeated_CountsConsecutiveScansAndResetsOnChange()
    {
        var t = new FrameStability(4);
        Assert.Equal(1, t.Observe(2, Pages.Hash(1)));
        Assert.Equal(2, t.Observe(2, Pages.Hash(1)));
        Assert.Equal(3, t.Observe(2, Pages.Hash(1)));
        Assert.Equal(1, t.Observe(2, Pages.Hash(2)));
        Assert.Equal(Pages.Hash(2), t.HashOf(2));
        t.ObserveZero(2);
        Assert.Equal(0, t.StableScans(2));
        Assert.Equal(1, t.Observe(2, Pages.Hash(2)));
    }

    [Fact]
    public void Observe_FrameBeyondSize_GrowsTable()
    {
        var t = new FrameStability(0);
        Assert.Equal(1, t.Observe(1000, Pages.Hash(3)));
        Assert.True(t.FrameCount > 1000);
        Assert.Equal(0, t.StableScans(999));
    }

    [Fact]
    public void UpkeepPolicy_KOne_SelectsEveryNonZeroPage_AndKOfNIsRefused()
    {
        var all = new UpkeepPolicy(SelectionPolicy.All, 7);
        Assert.Equal(1, all.MinStableScans);
        Assert.True(all.Selects(1));
        var stable = new UpkeepPolicy(SelectionPolicy.Stable, 3);
        Assert.False(stable.Selects(2));
        Assert.True(stable.Selects(3));
        var e = Assert.Throws<ArgumentException>(() => new UpkeepPolicy(SelectionPolicy.KOfN, 2));
        Assert.Contains("k-of-n", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Coverage_HeldOverNonZero_ClampedAndOneForEmptyGuest()
    {
        Assert.Equal(0.25, new CoverageReport("g", "s", 8, 2, DateTimeOffset.UnixEpoch).Coverage);
        Assert.Equal(1.0, new CoverageReport("g", "s", 0, 0, DateTimeOffset.UnixEpoch).Coverage);
        Assert.Equal(1.0, new CoverageReport("g", "s", 4, 9, DateTimeOffset.UnixEpoch).Coverage);
        Assert.Equal(0.5, new CoverageReport("g", "s", 8, 8, DateTimeOffset.UnixEpoch) { HeldAtScan = 4 }.CoverageAtScan);
    }

    [Fact]
    public async Task ScanAsync_StablePolicy_SelectsAfterKScansSkipsZeroAndHeldAndDedupsShipping()
    {
        string ram = Path.Combine(Pages.TempDir(), "ram");
        Pages.WriteRam(ram, 1, 0, 2, 1, 3);
        var t = new FrameStability(0);
        var policy = new UpkeepPolicy(SelectionPolicy.Stable, 2);
        var held = new HashSet<PageHash> { Pages.Hash(3) };

        ScanResult first = await GuestScanner.ScanAsync(ram, t, policy, held, null, null, CancellationToken.None);
        Assert.Equal(5, first.Frames);
        Assert.Equal(4, first.NonZeroFrames);
        Assert.Equal(3, first.NonZeroHashes.Count);
        Assert.Empty(first.ToShip);
        Assert.Equal(1, first.HeldOf(held));

        Pages.WriteRam(ram, 1, 0, 4, 1, 3);   // frame 2 rewritten
        ScanResult second = await GuestScanner.ScanAsync(ram, t, policy, held, null, null, CancellationToken.None);
        Assert.Equal([0UL], second.ToShip.Select(e => e.Frame));   // hash 1 once (frames 0 and 3), 3 already held, 4 not yet stable
        Assert.Equal([true, false, true, true], second.Map.Select(e => e.Selected));
        Assert.Equal(1, t.StableScans(2));
        Assert.Equal(0, t.StableScans(1));
    }

    [Fact]
    public async Task ScanAsync_ReadBudget_TakesEveryByteRead()
    {
        string ram = Path.Combine(Pages.TempDir(), "ram");
        Pages.WriteRam(ram, 1, 2, 3);
        var clock = new FtActors.TestKit.ManualTimeProvider();
        var bucket = new TokenBucket(1 << 30, 1 << 30, clock);
        ScanResult r = await GuestScanner.ScanAsync(ram, new FrameStability(0), new UpkeepPolicy(SelectionPolicy.All), new HashSet<PageHash>(), bucket, null, CancellationToken.None);
        Assert.Equal(3 * 4096, r.BytesRead);
        Assert.Equal(TimeSpan.Zero, bucket.Take((1 << 30) - (3 * 4096)));
        Assert.True(bucket.Take(1) > TimeSpan.Zero);
    }
}
