using System.Buffers.Binary;
using FtActors.Pages;

namespace FtActors.Store.Tests;

public class VersionTests
{
    private static string WithVersion(ushort major, ushort minor, ushort minReaderMinor)
    {
        string dir = TestData.TempDir();
        using (PageStoreWriter w = PageStoreWriter.Create(dir))
        {
            TestData.Add(w, "g", new SelectionOptions(), TestData.Memory(1, 2));
            w.Commit();
        }

        string path = Path.Combine(dir, "manifest.fts");
        byte[] bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), major);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(10), minor);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(12), minReaderMinor);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(120), PageEngines.Default.Hash(bytes.AsSpan(0, 120)).Low);
        File.WriteAllBytes(path, bytes);
        return dir;
    }

    [Fact]
    public void Open_NewerMajor_RefusedNamingBothVersions()
    {
        string dir = WithVersion(2, 0, 0);
        StoreVersionException ex = Assert.Throws<StoreVersionException>(() => PageStore.Open(dir));
        Assert.Equal("2.0", ex.FileVersion);
        Assert.Equal("1.0", ex.ReaderVersion);
        Assert.Contains("store format 2.0", ex.Message);
        Assert.Contains("(format 1.0)", ex.Message);
    }

    [Fact]
    public void Open_NewerMinorDeclaredIncompatible_RefusedNamingBothVersions()
    {
        string dir = WithVersion(1, 3, 2);
        StoreVersionException ex = Assert.Throws<StoreVersionException>(() => PageStore.Open(dir));
        Assert.Equal("1.3", ex.FileVersion);
        Assert.Contains("at least format 1.2", ex.Message);
        Assert.Contains("1.0", ex.Message);
    }

    [Fact]
    public void Open_NewerMinorDeclaredCompatible_Reads()
    {
        string dir = WithVersion(1, 3, 0);
        using PageStore s = PageStore.Open(dir);
        Assert.Equal("1.3", s.FormatVersion);
        Assert.True(s.Contains(TestData.Hash(2)));
    }
}
