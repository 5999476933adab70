using System.Net;
using FtActors.Kernel;
using FtActors.Store;
using FtActors.TestKit;

namespace FtActors.Upkeep.Tests;

/// <summary>A VmActor feeding a SpareStoreService over loopback TCP, with a RAM file the test rewrites.</summary>
public class FeedEndToEndTests : ActorTestKit
{
    private static readonly TimeSpan Long = Dilated(TimeSpan.FromSeconds(60));

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
        await TestActor.ExpectTerminatedAsync(vm, Long);
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
