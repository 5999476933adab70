using FtActors.Pages;

namespace FtActors.Store.Tests;

public class RawFilePageSourceTests
{
    [Fact]
    public void Read_SparseFile_YieldsEveryWrittenPageAtItsFrame()
    {
        string file = Path.Combine(TestData.TempDir(), "ram");
        using (var fs = new FileStream(file, FileMode.Create))
        {
            fs.SetLength(4096L * 5000);
            foreach (int frame in new[] { 3, 4, 1000, 4999 })
            {
                fs.Position = 4096L * frame;
                fs.Write(TestData.Page(frame + 1));
            }
        }

        var nonZero = new Dictionary<ulong, byte[]>();
        using var source = new RawFilePageSource(file);
        Assert.Equal(5000, source.FrameCount);
        ulong[] frames = new ulong[PageSize.BatchPages];
        byte[] pages = new byte[PageSize.BatchPages * PageSize.Bytes];
        ulong last = 0;
        bool first = true;
        int n;
        while ((n = source.Read(frames, pages)) > 0)
        {
            for (int i = 0; i < n; i++)
            {
                Assert.True(first || frames[i] > last, "frames ascend");
                first = false;
                last = frames[i];
                byte[] page = pages.AsSpan(i * 4096, 4096).ToArray();
                if (page.Any(b => b != 0))
                {
                    nonZero[frames[i]] = page;
                }
            }
        }

        Assert.Equal(new ulong[] { 3, 4, 1000, 4999 }, nonZero.Keys.Order());
        Assert.All(nonZero, kv => Assert.Equal(TestData.Page((int)kv.Key + 1), kv.Value));
        Assert.Equal(0, source.Read(frames, pages));
    }

    [Fact]
    public async Task AddScan_LiveFileWrittenDuringScan_StoreNeverHoldsAPageThatMismatchesItsHash()
    {
        string root = TestData.TempDir();
        string file = Path.Combine(root, "ram");
        File.WriteAllBytes(file, TestData.Memory(Enumerable.Range(1, 2048).ToArray()));
        using var stop = new CancellationTokenSource();
        int rewrites = 0;
        var writer = Task.Run(() =>
        {
            // A guest rewriting its memory while the spare scans it.
            using var fs = new FileStream(file, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            var rng = new Random(7);
            byte[] page = new byte[4096];
            while (!stop.IsCancellationRequested || rewrites < 200)
            {
                rng.NextBytes(page);
                fs.Position = 4096L * rng.Next(2048);
                fs.Write(page);
                rewrites++;
            }
        });

        string dir = Path.Combine(root, "store");
        SelectionReport report;
        using (PageStoreWriter w = PageStoreWriter.Create(dir))
        using (var source = new RawFilePageSource(file))
        {
            report = w.AddScan("live", [source], new SelectionOptions(BudgetBytes: 1024 * 4096), DateTimeOffset.UnixEpoch);
            w.Commit();
        }

        stop.Cancel();
        await writer;
        Assert.True(StoreVerifier.Verify(dir).Ok);
        using PageStore s = PageStore.Open(dir);
        byte[] buffer = new byte[4096];
        IReadOnlyList<GuestMapEntry> map = s.ReadGuestMap("live");
        Assert.All(map.Where(e => e.Selected), e => Assert.True(s.TryRead(e.Hash, buffer)));
        Assert.Equal(report.SelectedPages, map.Where(e => e.Selected).Select(e => e.Hash).Distinct().Count());
        Assert.True(report.SelectedPages + report.ChangedDuringScan >= 1024 - 1);
    }
}
