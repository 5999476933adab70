using System.Net;
using Akka.Actor;
using FtActors.Store;
using FtActors.TestKit;

namespace FtActors.Upkeep.Tests;

/// <summary>A VmActor feeding a SpareStoreService over loopback TCP, with a RAM file the test rewrites.</summary>
public class FeedEndToEndTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Long = FtActors.TestKit.TestKitSettings.Dilated(TimeSpan.FromSeconds(60));

    private static UpkeepSettings Settings(int k) => new()
    {
        ScanInterval = TimeSpan.FromMilliseconds(300),
        StableScans = k,
        BandwidthBudget = 64L << 20,
        FeedCommitPages = 8,
    };

    private IActorRef StartVm(string guest, string ram, SpareStoreService spare, UpkeepSettings settings) =>
        Sys.ActorOf(VmActor.Props(guest, ram,
            async ct => await StoreFeedClient.ConnectAsync(spare.LocalEndpoint, guest, new FileInfo(ram).Length, null, ct), settings));

    [Fact]
    public async Task Upkeep_StableTwo_CoverageRisesDropsOnRewriteAndRecovers_StoreVerifies()
    {
        string dir = Pages.TempDir();
        string ram = Path.Combine(dir, "ram");
        int[] seeds = [.. Enumerable.Range(1, 40).Select(i => i % 7 == 0 ? 0 : i)];
        Pages.WriteRam(ram, seeds);
        string store = Path.Combine(dir, "store");
        SpareStoreService spare = SpareStoreService.Start(Sys, store, new IPEndPoint(IPAddress.Loopback, 0), Settings(2));
        Sys.EventStream.Subscribe(TestActor, typeof(CoverageReport));
        IActorRef vm = StartVm("g1", ram, spare, Settings(2));

        CoverageReport first = await ExpectMsgAsync<CoverageReport>(Long);
        Assert.Equal(35, first.NonZeroPages);
        Assert.Equal(0, first.HeldPages);                 // nothing has been stable for 2 scans yet
        await FishForMessageAsync(m => m is CoverageReport { Coverage: 1.0 }, Long);

        // Rewrite 10 frames: the new pages are not stable yet, so coverage drops, then recovers.
        int[] rewritten = [.. seeds.Select((s, i) => i < 10 && s != 0 ? 1000 + i : s)];
        Pages.WriteRam(ram, rewritten);
        var dropped = (CoverageReport)await FishForMessageAsync(m => m is CoverageReport { Coverage: < 1.0 }, Long);
        Assert.True(dropped.HeldPages >= 35 - 9 - 1);
        await FishForMessageAsync(m => m is CoverageReport { Coverage: 1.0 }, Long);

        Watch(vm);
        Sys.Stop(vm);
        await ExpectTerminatedAsync(vm, Long);
        await spare.DisposeAsync();
        Assert.True(StoreVerifier.Verify(store).Ok);
        using PageStore s = PageStore.Open(store);
        foreach (int seed in rewritten.Where(x => x != 0))
        {
            Assert.True(s.Contains(Pages.Hash(seed)));
        }

        IReadOnlyList<GuestMapEntry> map = s.ReadGuestMap("g1");
        Assert.Equal(35, map.Count);
    }

    [Fact]
    public async Task Upkeep_StableOneRewrite_DropSeenAtScanAndRepairedByTheSameCycle()
    {
        string dir = Pages.TempDir();
        string ram = Path.Combine(dir, "ram");
        int[] seeds = [.. Enumerable.Range(1, 20)];
        Pages.WriteRam(ram, seeds);
        SpareStoreService spare = SpareStoreService.Start(Sys, Path.Combine(dir, "store"), new IPEndPoint(IPAddress.Loopback, 0), Settings(1));
        Sys.EventStream.Subscribe(TestActor, typeof(UpkeepCycleCompleted));
        IActorRef vm = StartVm("g1", ram, spare, Settings(1));

        // K = 1: the first cycle finds an empty spare and ships everything in the same cycle.
        var first = await ExpectMsgAsync<UpkeepCycleCompleted>(Long);
        Assert.Equal(1, first.Scan);
        Assert.Equal(0, first.Coverage.HeldAtScan);
        Assert.Equal(20, first.PagesSent);
        Assert.Equal(1.0, first.Coverage.Coverage);
        Assert.True(first.BytesSent >= 20L * 4096);

        // Five frames rewritten: the cycle that sees them reports 15 of 20 held at the scan, and all 20 after it
        // shipped the five. Reported after shipping alone, the drop would be invisible.
        // Written aside and renamed over the RAM file, so every scan sees the old file or the new one whole.
        Pages.WriteRam(ram + ".new", [.. seeds.Select((s, i) => i < 5 ? 500 + i : s)]);
        File.Move(ram + ".new", ram, overwrite: true);
        var seen = (UpkeepCycleCompleted)await FishForMessageAsync(m => m is UpkeepCycleCompleted { Coverage.HeldAtScan: < 20 }, Long);
        Assert.Equal(20, seen.Coverage.NonZeroPages);
        Assert.Equal(15, seen.Coverage.HeldAtScan);
        Assert.Equal(0.75, seen.Coverage.CoverageAtScan);
        Assert.Equal(5, seen.PagesSent);
        Assert.Equal(1.0, seen.Coverage.Coverage);
        Assert.Null(seen.Error);

        var next = await ExpectMsgAsync<UpkeepCycleCompleted>(Long);
        Assert.Equal(1.0, next.Coverage.CoverageAtScan);
        Assert.Equal(0, next.PagesSent);
        Sys.Stop(vm);
        await spare.DisposeAsync();
    }

    [Fact]
    public async Task SpareStoreService_HoldTaken_DefersGarbageCollectionUntilReleased()
    {
        string dir = Pages.TempDir();
        SpareStoreService spare = SpareStoreService.Start(Sys, Path.Combine(dir, "store"), new IPEndPoint(IPAddress.Loopback, 0), Settings(1));
        try
        {
            using (spare.HoldCollection())
            {
                Assert.True(spare.IsCollectionHeld);
                Assert.Null(await spare.CollectGarbageAsync(Long));
            }

            Assert.False(spare.IsCollectionHeld);
            Assert.NotNull(await spare.CollectGarbageAsync(Long));
        }
        finally
        {
            await spare.DisposeAsync();
        }
    }

    [Fact]
    public async Task Upkeep_TwoGuestsSameImage_SpareStoresSharedPagesOnce()
    {
        string dir = Pages.TempDir();
        string store = Path.Combine(dir, "store");
        SpareStoreService spare = SpareStoreService.Start(Sys, store, new IPEndPoint(IPAddress.Loopback, 0), Settings(1));
        Pages.WriteRam(Path.Combine(dir, "a"), 1, 2, 3, 4, 5);
        Pages.WriteRam(Path.Combine(dir, "b"), 1, 2, 3, 4, 6);
        IActorRef a = StartVm("a", Path.Combine(dir, "a"), spare, Settings(1));
        await AwaitCoverageAsync(a);
        IActorRef b = StartVm("b", Path.Combine(dir, "b"), spare, Settings(1));
        await AwaitCoverageAsync(b);
        Sys.Stop(a);
        Sys.Stop(b);
        await spare.DisposeAsync();
        using PageStore s = PageStore.Open(store);
        Assert.Equal(6, s.PageCount);
        Assert.Equal(2, s.Guests.Count);
    }

    private static async Task AwaitCoverageAsync(IActorRef vm)
    {
        DateTime end = DateTime.UtcNow + Long;
        while (DateTime.UtcNow < end)
        {
            CoverageReport r = await vm.Ask<CoverageReport>(new GetCoverage(), Long);
            if (r.NonZeroPages > 0 && r.Coverage >= 1.0)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("coverage did not reach 1.0");
    }
}
