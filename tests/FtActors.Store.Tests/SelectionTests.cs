namespace FtActors.Store.Tests;

public class SelectionTests
{
    private static PageStoreWriter NewStore(out string dir)
    {
        dir = TestData.TempDir();
        return PageStoreWriter.Create(dir);
    }

    [Fact]
    public void AddScan_All_SelectsEveryNonZeroPageOnceAndReportsZeros()
    {
        using PageStoreWriter w = NewStore(out string dir);
        SelectionReport r = TestData.Add(w, "g", new SelectionOptions(), TestData.Memory(1, 1, 0, 2, 0, 1));
        w.Commit();
        Assert.Equal(6, r.Frames);
        Assert.Equal(2, r.ZeroFrames);
        SelectionReason reason = Assert.Single(r.Reasons);
        Assert.Equal(("non-zero", true, 4L, 2L, 8192L), (reason.Reason, reason.Selected, reason.Frames, reason.DistinctPages, reason.Bytes));
        Assert.Equal(2, r.NewPages);
        Assert.Equal(2, r.SelectedPages);
        using PageStore s = PageStore.Open(dir);
        Assert.Equal(2, s.PageCount);
    }

    [Fact]
    public void AddScan_KOfN_KeepsPagesSeenInAtLeastKSnapshots()
    {
        using PageStoreWriter w = NewStore(out string dir);
        // Content 1 is in all three snapshots (moving frames), 2 in two, 3 only in the last.
        SelectionReport r = TestData.Add(w, "g", new SelectionOptions(SelectionPolicy.KOfN, K: 2),
            TestData.Memory(1, 2, 0), TestData.Memory(0, 1, 4), TestData.Memory(2, 3, 1));
        w.Commit();
        using PageStore s = PageStore.Open(dir);
        Assert.True(s.Contains(TestData.Hash(1)));
        Assert.True(s.Contains(TestData.Hash(2)));
        Assert.False(s.Contains(TestData.Hash(3)));
        Assert.False(s.Contains(TestData.Hash(4)));
        Assert.Equal(2, r.Reasons.Single(x => x.Selected).Frames);
        Assert.Equal("in fewer than 2 of 3 snapshots", r.Reasons.Single(x => !x.Selected).Reason);
        Assert.Equal([true, false, true], s.ReadGuestMap("g").Select(e => e.Selected));
    }

    [Fact]
    public void AddScan_Stable_KeepsOnlyFramesUnchangedAcrossScansIncludingEarlierOnes()
    {
        using PageStoreWriter w = NewStore(out string dir);
        // Frame 0 never changes; frame 1 changes every snapshot; frame 2 holds content 1 (same as frame 0) only at the end.
        TestData.Add(w, "g", new SelectionOptions(SelectionPolicy.Stable, MinStableScans: 3), TestData.Memory(1, 10, 0));
        SelectionReport r = TestData.Add(w, "g", new SelectionOptions(SelectionPolicy.Stable, MinStableScans: 3),
            TestData.Memory(1, 11, 0), TestData.Memory(1, 12, 1));
        w.Commit();
        using PageStore s = PageStore.Open(dir);
        IReadOnlyList<GuestMapEntry> map = s.ReadGuestMap("g");
        Assert.Equal([(0UL, 3u, true), (1UL, 1u, false), (2UL, 1u, false)], map.Select(e => (e.Frame, e.StableScans, e.Selected)));
        Assert.True(s.Contains(TestData.Hash(1)));
        Assert.False(s.Contains(TestData.Hash(12)));
        Assert.Equal(3u, s.Guests.Single().Scans);
        Assert.Equal(2, r.Reasons.Single(x => !x.Selected).Frames);
    }

    [Fact]
    public void AddScan_Budget_KeepsTheMostStableFirstAndReportsTheRest()
    {
        using PageStoreWriter w = NewStore(out string dir);
        // Frames 0-2 stable over both snapshots, frames 3-5 change: a budget of 4 pages keeps 0-2 and frame 3.
        SelectionReport r = TestData.Add(w, "g", new SelectionOptions(SelectionPolicy.All, BudgetBytes: 4 * 4096 + 100),
            TestData.Memory(1, 2, 3, 20, 21, 22), TestData.Memory(1, 2, 3, 30, 31, 32));
        w.Commit();
        using PageStore s = PageStore.Open(dir);
        Assert.Equal(4, s.PageCount);
        Assert.Equal([true, true, true, true, false, false], s.ReadGuestMap("g").Select(e => e.Selected));
        SelectionReason over = r.Reasons.Single(x => x.Reason == "over budget");
        Assert.Equal((2L, 2L, false), (over.Frames, over.DistinctPages, over.Selected));
        Assert.Equal(18 * 4096, r.BytesRead); // two snapshots, plus a second pass over the last one
        Assert.True(StoreVerifier.Verify(dir).Ok);
    }

    [Fact]
    public void AddScan_SecondGuestSharingPages_StoresSharedPagesOnce()
    {
        using PageStoreWriter w = NewStore(out string dir);
        TestData.Add(w, "a", new SelectionOptions(), TestData.Memory(1, 2, 3, 4));
        SelectionReport b = TestData.Add(w, "b", new SelectionOptions(), TestData.Memory(1, 2, 3, 5));
        w.Commit();
        Assert.Equal((4L, 3L, 1L), (b.SelectedPages, b.SharedPages, b.NewPages));
        using PageStore s = PageStore.Open(dir);
        Assert.Equal(5, s.PageCount);
        Assert.Equal(5 * 4096 + 4096, new FileInfo(Path.Combine(dir, "pages.ftp")).Length);
    }

    [Fact]
    public void AddScan_KLargerThanSnapshots_RefusedWithRange()
    {
        using PageStoreWriter w = NewStore(out _);
        ArgumentException ex = Assert.Throws<ArgumentException>(() => TestData.Add(w, "g", new SelectionOptions(SelectionPolicy.KOfN, K: 3), TestData.Memory(1)));
        Assert.Contains("between 1 and the number of snapshots (1); got 3", ex.Message);
    }
}
