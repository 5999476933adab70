namespace FtActors.Store.Tests;

public class GuestImagePageSourceTests
{
    [Fact]
    public void AddScan_RawImageThroughImagesReader_SameMapAsRawFileSource()
    {
        string root = TestData.TempDir();
        string file = Path.Combine(root, "dump.raw");
        File.WriteAllBytes(file, TestData.Memory(Enumerable.Range(0, 3000).Select(i => i % 4 == 0 ? 0 : i % 700).ToArray()));
        IReadOnlyList<GuestMapEntry> Scan(IPageSource source, string name)
        {
            string dir = Path.Combine(root, name);
            using (PageStoreWriter w = PageStoreWriter.Create(dir))
            using (source)
            {
                w.AddScan("g", [source], new SelectionOptions(BudgetBytes: 500 * 4096), DateTimeOffset.UnixEpoch);
                w.Commit();
            }

            using PageStore s = PageStore.Open(dir);
            return s.ReadGuestMap("g");
        }

        IReadOnlyList<GuestMapEntry> viaImages = Scan(GuestImagePageSource.Open(file), "images");
        IReadOnlyList<GuestMapEntry> viaRaw = Scan(new RawFilePageSource(file), "raw");
        Assert.Equal(2250, viaImages.Count);
        Assert.Equal(viaRaw, viaImages);
    }

    [Fact]
    public void Open_MissingFile_StoreExceptionNamingThePath()
    {
        StoreException ex = Assert.Throws<StoreException>(() => GuestImagePageSource.Open("/nonexistent/guest.img"));
        Assert.Contains("/nonexistent/guest.img", ex.Message);
    }
}
