namespace FtActors.Store.Tests;

public class StoreDiffTests
{
    private static string Store(params (string Guest, int[] Seeds)[] guests)
    {
        string dir = TestData.TempDir();
        using PageStoreWriter w = PageStoreWriter.Create(dir);
        foreach ((string guest, int[] seeds) in guests)
        {
            TestData.Add(w, guest, new SelectionOptions(), TestData.Memory(seeds));
        }

        w.Commit();
        return dir;
    }

    [Fact]
    public void Compute_BLacksSomePages_CountsPagesAndBytesToSend()
    {
        using PageStore a = PageStore.Open(Store(("g", [1, 2, 3, 0, 4]), ("h", [5, 6])));
        using PageStore b = PageStore.Open(Store(("x", [2, 4, 9])));
        DiffReport all = StoreDiff.Compute(a, b);
        Assert.Equal((6L, 4L, 2L, 4L * 4096), (all.PagesConsidered, all.PagesMissing, all.PagesShared, all.BytesMissing));
        DiffReport g = StoreDiff.Compute(a, b, "g");
        Assert.Equal((4L, 2L), (g.PagesConsidered, g.PagesMissing));
    }

    [Fact]
    public void Compute_SameContent_NothingMissing()
    {
        using PageStore a = PageStore.Open(Store(("g", [1, 2, 2, 3])));
        using PageStore b = PageStore.Open(Store(("other", [3, 2, 1])));
        Assert.Equal(0, StoreDiff.Compute(a, b).PagesMissing);
    }

    [Fact]
    public void Compute_UnknownGuest_KeyNotFoundNamingGuests()
    {
        using PageStore a = PageStore.Open(Store(("g", [1])));
        KeyNotFoundException ex = Assert.Throws<KeyNotFoundException>(() => StoreDiff.Compute(a, a, "nope"));
        Assert.Contains("no guest named 'nope' (guests: g)", ex.Message);
    }
}
