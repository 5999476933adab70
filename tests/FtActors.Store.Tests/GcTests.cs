namespace FtActors.Store.Tests;

public class GcTests
{
    [Fact]
    public void CollectGarbage_RescannedGuest_DropsOldPagesTruncatesTailAndReusesInteriorSlots()
    {
        string dir = TestData.TempDir();
        string pages = Path.Combine(dir, "pages.ftp");
        using PageStoreWriter w = PageStoreWriter.Create(dir);
        TestData.Add(w, "a", new SelectionOptions(), TestData.Memory(1, 2, 3, 4));   // slots 0-3
        TestData.Add(w, "b", new SelectionOptions(), TestData.Memory(5, 6));         // slots 4-5
        w.Commit();
        TestData.Add(w, "a", new SelectionOptions(), TestData.Memory(1, 3));         // 2 and 4 now unreferenced
        w.RemoveGuest("b");                                                           // 5 and 6 too
        GcReport gc = w.CollectGarbage();

        Assert.Equal(4, gc.PagesDropped);
        Assert.Equal(1, gc.FreeSlots);           // slot 1, inside the area
        Assert.Equal(3, gc.SlotsTruncated);      // slots 3, 4 and 5 at its end
        Assert.Equal(4096 + (3 * 4096), new FileInfo(pages).Length);
        using (PageStore s = PageStore.Open(dir))
        {
            Assert.Equal(2, s.PageCount);
            Assert.Equal(3, s.PageSlots);
            Assert.Equal(1, s.FreeSlots);
            Assert.False(s.Contains(TestData.Hash(2)));
        }

        // New pages fill the freed interior slot before the area grows: 7 -> slot 1, 8 and 9 -> slots 3 and 4.
        TestData.Add(w, "c", new SelectionOptions(), TestData.Memory(7, 8, 9));
        w.Commit();
        Assert.Equal(4096 + (5 * 4096), new FileInfo(pages).Length);
        Assert.True(StoreVerifier.Verify(dir).Ok);
        using PageStore after = PageStore.Open(dir);
        Assert.Equal(0, after.FreeSlots);
        byte[] page = new byte[4096];
        foreach (int seed in new[] { 1, 3, 7, 8, 9 })
        {
            Assert.True(after.TryRead(TestData.Hash(seed), page));
            Assert.Equal(TestData.Page(seed), page);
        }
    }

    [Fact]
    public void CollectGarbage_ThenAddInSameSession_DoesNotOverwriteSlotsTheCommittedStoreStillNames()
    {
        string dir = TestData.TempDir();
        using PageStoreWriter w = PageStoreWriter.Create(dir);
        TestData.Add(w, "a", new SelectionOptions(), TestData.Memory(1, 2, 3));
        w.Commit();
        using PageStore before = PageStore.Open(dir);
        w.RemoveGuest("a");
        TestData.Add(w, "b", new SelectionOptions(), TestData.Memory(4, 5, 6));
        // Not committed: the committed store must still read pages 1-3 from their slots.
        byte[] page = new byte[4096];
        Assert.True(before.TryRead(TestData.Hash(2), page));
        Assert.Equal(TestData.Page(2), page);
    }
}
