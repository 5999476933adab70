using System.Buffers.Binary;
using FtActors.Pages;

namespace FtActors.Store.Tests;

public class CorruptionTests
{
    private static string Build(out byte[] memory)
    {
        string dir = TestData.TempDir();
        memory = TestData.Memory(Enumerable.Range(1, 200).ToArray());
        using PageStoreWriter w = PageStoreWriter.Create(dir);
        TestData.Add(w, "g", new SelectionOptions(), memory);
        w.Commit();
        return dir;
    }

    private static string Manifest(string dir) => Path.Combine(dir, "manifest.fts");

    private static string Pages(string dir) => Path.Combine(dir, "pages.ftp");

    private static void Flip(string file, long offset)
    {
        using var fs = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        fs.Position = offset;
        int b = fs.ReadByte();
        fs.Position = offset;
        fs.WriteByte((byte)(b ^ 0x40));
    }

    private static long Field(string dir, int offset)
    {
        byte[] h = File.ReadAllBytes(Manifest(dir));
        return BinaryPrimitives.ReadInt64LittleEndian(h.AsSpan(offset));
    }

    [Fact]
    public void Open_FlippedHeaderByte_RefusedNamingHeaderChecksum()
    {
        string dir = Build(out _);
        Flip(Manifest(dir), 44); // inside the generation field
        StoreCorruptException ex = Assert.Throws<StoreCorruptException>(() => PageStore.Open(dir));
        Assert.Contains("header checksum", ex.Expected);
        Assert.Equal(120, ex.Offset);
        VerifyReport report = StoreVerifier.Verify(dir);
        Assert.False(report.Ok);
        Assert.Contains("header checksum", report.Problems[0]);
    }

    [Fact]
    public void Open_FlippedMagic_RefusedNamingTheMagic()
    {
        string dir = Build(out _);
        Flip(Manifest(dir), 0);
        StoreCorruptException ex = Assert.Throws<StoreCorruptException>(() => PageStore.Open(dir));
        Assert.Contains("FTSTORE", ex.Expected);
        Assert.Equal(0, ex.Offset);
    }

    [Fact]
    public void Open_FlippedIndexEntry_RefusedNamingIndexChecksum()
    {
        string dir = Build(out _);
        long indexOffset = Field(dir, 72);
        long indexLength = Field(dir, 80);
        Flip(Manifest(dir), indexOffset + indexLength - 7);
        StoreCorruptException ex = Assert.Throws<StoreCorruptException>(() => PageStore.Open(dir));
        Assert.Contains("index checksum", ex.Expected);
        Assert.Equal(indexOffset, ex.Offset);
        Assert.Contains(StoreVerifier.Verify(dir).Problems, p => p.Contains("index checksum", StringComparison.Ordinal));
    }

    [Fact]
    public void Open_FlippedMapByte_RefusedNamingMapsChecksum()
    {
        string dir = Build(out _);
        long mapsOffset = Field(dir, 88);
        Flip(Manifest(dir), mapsOffset + 60);
        StoreCorruptException ex = Assert.Throws<StoreCorruptException>(() => PageStore.Open(dir));
        Assert.Contains("maps checksum", ex.Expected);
    }

    [Fact]
    public void TryRead_FlippedPageByte_NeverReturnsThePageAndVerifyNamesTheSlot()
    {
        string dir = Build(out byte[] memory);
        Flip(Pages(dir), 4096 + (7 * 4096) + 123); // slot 7 holds frame 7 (pages are appended in frame order)
        PageHash damaged = PageEngines.Default.Hash(memory.AsSpan(7 * 4096, 4096));
        using (PageStore s = PageStore.Open(dir))
        {
            byte[] page = new byte[4096];
            page.AsSpan().Fill(0xAA);
            Assert.True(s.Contains(damaged));
            Assert.False(s.TryRead(damaged, page));
            Assert.All(page, b => Assert.Equal(0, b));
            Assert.True(s.TryRead(PageEngines.Default.Hash(memory.AsSpan(8 * 4096, 4096)), page));
        }

        VerifyReport report = StoreVerifier.Verify(dir);
        string problem = Assert.Single(report.Problems);
        Assert.Contains("slot 7 at offset 32768", problem);
        Assert.Contains(damaged.ToString(), problem);
    }

    [Fact]
    public void Open_TruncatedPageArea_RefusedNamingSlotsAndLength()
    {
        string dir = Build(out _);
        using (var fs = new FileStream(Pages(dir), FileMode.Open))
        {
            fs.SetLength(4096 + (100 * 4096));
        }

        StoreCorruptException ex = Assert.Throws<StoreCorruptException>(() => PageStore.Open(dir));
        Assert.Contains("200 page slots", ex.Expected);
    }

    [Fact]
    public void Open_PageAreaOfAnotherStore_RefusedNamingBothIds()
    {
        string dir = Build(out _);
        string other = Build(out _);
        File.Copy(Pages(other), Pages(dir), overwrite: true);
        StoreCorruptException ex = Assert.Throws<StoreCorruptException>(() => PageStore.Open(dir));
        Assert.Contains("store id", ex.Expected);
    }
}
