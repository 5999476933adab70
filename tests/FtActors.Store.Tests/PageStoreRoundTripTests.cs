using FtActors.Pages;

namespace FtActors.Store.Tests;

public class PageStoreRoundTripTests
{
    [Fact]
    public void AddScan_PagesOfTwoGuests_EveryPageReadsBackIdentical()
    {
        string dir = TestData.TempDir();
        byte[] a = TestData.Memory(1, 2, 0, 3, 2, 4);
        byte[] b = TestData.Memory(1, 5, 0, 0, 3, 6);
        using (PageStoreWriter w = PageStoreWriter.Create(dir))
        {
            TestData.Add(w, "a", new SelectionOptions(), a);
            TestData.Add(w, "b", new SelectionOptions(), b);
            w.Commit();
        }

        using PageStore s = PageStore.Open(dir);
        Assert.Equal(6, s.PageCount); // seeds 1..6, zero page never stored
        byte[] page = new byte[PageSize.Bytes];
        foreach (int seed in new[] { 1, 2, 3, 4, 5, 6 })
        {
            Assert.True(s.TryRead(TestData.Hash(seed), page));
            Assert.Equal(TestData.Page(seed), page);
        }

        Assert.False(s.Contains(TestData.Hash(7)));
        Assert.False(s.TryRead(TestData.Hash(7), page));
        Assert.False(s.Contains(KnownPageHashes.ZeroPage));
        Assert.Equal(["a", "b"], s.Guests.Select(g => g.Name));
        IReadOnlyList<GuestMapEntry> map = s.ReadGuestMap("a");
        Assert.Equal([0UL, 1, 3, 4, 5], map.Select(e => e.Frame));
        Assert.All(map, e => Assert.True(e.Selected));
        Assert.Equal(TestData.Hash(2), map[1].Hash);
    }

    [Fact]
    public void ContainsMany_MixedHashes_MarksExactlyTheHeldOnes()
    {
        string dir = TestData.TempDir();
        using (PageStoreWriter w = PageStoreWriter.Create(dir))
        {
            TestData.Add(w, "g", new SelectionOptions(), TestData.Memory(1, 2, 3));
            w.Commit();
        }

        using PageStore s = PageStore.Open(dir);
        PageHash[] query = [TestData.Hash(3), TestData.Hash(9), TestData.Hash(1), KnownPageHashes.ZeroPage];
        bool[] held = new bool[query.Length];
        Assert.Equal(2, s.ContainsMany(query, held));
        Assert.Equal([true, false, true, false], held);
        using PageHashSet set = s.CreateHashSet(PageEngines.Default);
        Assert.Equal(3, set.Count);
    }

    [Fact]
    public void Commit_EachCommit_BumpsGenerationAndKeepsStoreId()
    {
        string dir = TestData.TempDir();
        StoreIdentity first;
        using (PageStoreWriter w = PageStoreWriter.Create(dir))
        {
            first = w.Identity;
            TestData.Add(w, "g", new SelectionOptions(), TestData.Memory(1));
            StoreIdentity second = w.Commit();
            Assert.Equal(first.StoreId, second.StoreId);
            Assert.Equal(first.Generation + 1, second.Generation);
        }

        using PageStore s = PageStore.Open(dir);
        Assert.Equal(new StoreIdentity(first.StoreId, first.Generation + 1), s.Identity);
        Assert.Equal("1.0", s.FormatVersion);
    }

    [Fact]
    public void Open_ManyPages_LookupFindsEveryHashThroughTheFanout()
    {
        string dir = TestData.TempDir();
        int[] seeds = Enumerable.Range(1, 3000).ToArray();
        using (PageStoreWriter w = PageStoreWriter.Create(dir))
        {
            TestData.Add(w, "g", new SelectionOptions(), TestData.Memory(seeds));
            w.Commit();
        }

        using PageStore s = PageStore.Open(dir, verifyChecksums: false);
        Assert.True(s.FanoutBits > 4);
        Assert.All(seeds, seed => Assert.True(s.Contains(TestData.Hash(seed))));
        Assert.False(s.Contains(new PageHash(1, 2)));
        Assert.True(StoreVerifier.Verify(dir).Ok);
        Assert.True((double)s.IndexBytes / s.PageCount <= 24);
    }

    [Fact]
    public void Create_StoreExists_RefusesWithClearMessage()
    {
        string dir = TestData.TempDir();
        PageStoreWriter.Create(dir).Dispose();
        StoreException ex = Assert.Throws<StoreException>(() => PageStoreWriter.Create(dir));
        Assert.Contains("already exists", ex.Message);
    }

    [Fact]
    public void Open_SecondWriter_RefusedByLock()
    {
        string dir = TestData.TempDir();
        using PageStoreWriter w = PageStoreWriter.Create(dir);
        StoreException ex = Assert.Throws<StoreException>(() => PageStoreWriter.Open(dir));
        Assert.Contains("writer lock", ex.Message);
    }

    [Fact]
    public void Open_NoStore_ClearError()
    {
        string dir = TestData.TempDir();
        StoreException ex = Assert.Throws<StoreException>(() => PageStore.Open(dir));
        Assert.Contains("manifest.fts", ex.Message);
    }
}
