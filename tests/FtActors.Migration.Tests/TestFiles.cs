using FtActors.Pages;
using FtActors.Store;
using FtActors.TestKit;

namespace FtActors.Migration.Tests;

/// <summary>Temporary RAM files and stores for the streaming tests.</summary>
internal sealed class TestFiles : IDisposable
{
    public TestFiles() => Directory = System.IO.Directory.CreateTempSubdirectory("ftmig-").FullName;

    public string Directory { get; }

    public string Path(string name) => System.IO.Path.Combine(Directory, name);

    /// <summary>Writes a RAM file whose page i is pattern[i] (0 = zero page, else a page filled from that seed).</summary>
    public string RamFile(string name, IReadOnlyList<int> patterns)
    {
        var path = Path(name);
        using var f = new FileStream(path, FileMode.Create, FileAccess.Write);
        foreach (var p in patterns)
        {
            f.Write(Page(p));
        }

        return path;
    }

    /// <summary>A zero-filled file of <paramref name="pages"/> pages (sparse, as a fresh QEMU RAM file).</summary>
    public string EmptyFile(string name, int pages)
    {
        var path = Path(name);
        using var f = new FileStream(path, FileMode.Create, FileAccess.Write);
        f.SetLength((long)pages * PageSize.Bytes);
        return path;
    }

    public static byte[] Page(int pattern)
    {
        var page = new byte[PageSize.Bytes];
        if (pattern != 0)
        {
            new Random(pattern).NextBytes(page);
        }

        return page;
    }

    /// <summary>Builds a store from <paramref name="ramFile"/> and opens it.</summary>
    public PageStore Store(string name, string ramFile)
    {
        var dir = Path(name);
        using (var w = PageStoreWriter.Create(dir))
        {
            using var source = new RawFilePageSource(ramFile);
            w.AddScan("g", [source], new SelectionOptions(), DateTimeOffset.UnixEpoch);
            w.Commit();
        }

        return PageStore.Open(dir);
    }

    public void Dispose() => TestCleanup.DeleteDirectory(Directory);
}
