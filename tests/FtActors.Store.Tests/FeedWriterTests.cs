using FtActors.Pages;

namespace FtActors.Store.Tests;

/// <summary>The writer methods a store feed uses: pre-hashed pages, maps made elsewhere, no slot reuse under a reader.</summary>
public class FeedWriterTests
{
    private static readonly DateTimeOffset ScanTime = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    private static (PageHash[] Hashes, byte[] Pages) Batch(params int[] seeds) =>
        (seeds.Select(TestData.Hash).ToArray(), TestData.Memory(seeds));

    [Fact]
    public void AddPages_NewAndHeldPages_WritesOnlyNewOnesAndReadsBackAfterCommit()
    {
        string dir = TestData.TempDir();
        using PageStoreWriter w = PageStoreWriter.Create(dir);
        (PageHash[] h1, byte[] p1) = Batch(1, 2);
        Assert.Equal(2, w.AddPages(h1, p1));
        (PageHash[] h2, byte[] p2) = Batch(2, 3);
        Assert.Equal(1, w.AddPages(h2, p2));
        w.SetGuestMap("g", [new GuestMapEntry(0, h1[0], 1, true), new GuestMapEntry(5, h2[1], 2, true), new GuestMapEntry(2, h1[1], 1, true)], 3, ScanTime);
        w.Commit();

        using PageStore s = PageStore.Open(dir);
        Assert.Equal(3, s.PageCount);
        byte[] page = new byte[PageSize.Bytes];
        foreach (int seed in new[] { 1, 2, 3 })
        {
            Assert.True(s.TryRead(TestData.Hash(seed), page));
            Assert.Equal(TestData.Page(seed), page);
        }

        Assert.True(StoreVerifier.Verify(dir).Ok);
    }

    [Fact]
    public void AddPages_BytesNotMatchingHash_RefusesWholeBatchNamingThePage()
    {
        string dir = TestData.TempDir();
        using PageStoreWriter w = PageStoreWriter.Create(dir);
        (PageHash[] h, byte[] p) = Batch(1, 2);
        p[PageSize.Bytes + 7] ^= 0x40;
        var e = Assert.Throws<StoreException>(() => w.AddPages(h, p));
        Assert.Contains("page 1 of the batch", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, w.PageCount);
    }

    [Fact]
    public void AddPages_ZeroPage_IsRefused()
    {
        using PageStoreWriter w = PageStoreWriter.Create(TestData.TempDir());
        var e = Assert.Throws<StoreException>(() => w.AddPages([TestData.Hash(0)], new byte[PageSize.Bytes]));
        Assert.Contains("all-zero", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SetGuestMap_SelectedHashNotHeld_StoredUnselectedSoVerifyPasses()
    {
        string dir = TestData.TempDir();
        using (PageStoreWriter w = PageStoreWriter.Create(dir))
        {
            (PageHash[] h, byte[] p) = Batch(1);
            w.AddPages(h, p);
            w.SetGuestMap("g", [new GuestMapEntry(3, TestData.Hash(9), 4, true), new GuestMapEntry(1, h[0], 4, true)], 4, ScanTime);
            w.Commit();
        }

        using PageStore s = PageStore.Open(dir);
        IReadOnlyList<GuestMapEntry> map = s.ReadGuestMap("g");
        Assert.Equal([1UL, 3UL], map.Select(e => e.Frame));
        Assert.True(map[0].Selected);
        Assert.False(map[1].Selected);
        Assert.True(StoreVerifier.Verify(dir).Ok);
    }

    [Fact]
    public void SetGuestMap_RepeatedFrame_IsRefused()
    {
        using PageStoreWriter w = PageStoreWriter.Create(TestData.TempDir());
        var e = Assert.Throws<ArgumentException>(() =>
            w.SetGuestMap("g", [new GuestMapEntry(3, TestData.Hash(1), 1, false), new GuestMapEntry(3, TestData.Hash(2), 1, false)], 1, ScanTime));
        Assert.Contains("frame 3 twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReuseFreedSlotsOff_AfterGc_NewPagesAppendedSoOldReaderStillReadsItsPages()
    {
        string dir = TestData.TempDir();
        using PageStoreWriter w = PageStoreWriter.Create(dir);
        (PageHash[] h, byte[] p) = Batch(1, 2, 3);
        w.AddPages(h, p);
        w.SetGuestMap("g", [new GuestMapEntry(0, h[0], 1, true), new GuestMapEntry(2, h[2], 1, true)], 1, ScanTime);
        w.Commit();
        w.CollectGarbage();                      // page 2 (slot 1) freed inside the area

        using PageStore before = PageStore.Open(dir);
        w.ReuseFreedSlots = false;
        (PageHash[] h4, byte[] p4) = Batch(4);
        w.AddPages(h4, p4);
        w.Commit();

        using PageStore after = PageStore.Open(dir);
        Assert.Equal(1, after.FreeSlots);        // the freed slot was not reused
        byte[] page = new byte[PageSize.Bytes];
        Assert.True(before.TryRead(h[2], page));
        Assert.Equal(TestData.Page(3), page);
        Assert.True(after.TryRead(h4[0], page));
        Assert.Equal(TestData.Page(4), page);
    }
}
