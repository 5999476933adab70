using FtActors.Pages;

namespace FtActors.Images.Tests;

public sealed class FlatFileTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Open_RawDump_FrameIsOffsetOverPageSize()
    {
        string path = _files.Write([.. TestPages.Page(1), .. new byte[4096], .. TestPages.Page(2)]);

        using var image = ImageReader.Open(path);
        var pages = TestPages.ReadAll(image);

        Assert.Equal(ImageFormat.Raw, image.Format);
        Assert.Equal([0UL, 1UL, 2UL], pages.Keys);
        Assert.Equal(TestPages.Hash(1), pages[0].Hash);
        Assert.Equal(TestPages.ZeroHash, pages[1].Hash);
        Assert.Equal(TestPages.Hash(2), pages[2].Hash);
    }

    [Fact]
    public void Open_RawWithBaseAddress_ShiftsFrames()
    {
        string path = _files.Write(TestPages.Page(1));

        using var image = ImageReader.Open(path, new ImageOpenOptions { RawBaseAddress = 0xfffc0000 });

        Assert.Equal([0xfffc0UL], TestPages.ReadAll(image).Keys);
    }

    [Fact]
    public void Open_SparseFile_HolesAreZeroWithoutReading()
    {
        string path = _files.NewPath();
        using (var stream = new FileStream(path, FileMode.CreateNew))
        {
            stream.SetLength(1024 * 4096);
            stream.Position = 500 * 4096;
            stream.Write(TestPages.Page(9));
        }

        using var image = ImageReader.Open(path);
        var pages = TestPages.ReadAll(image);

        Assert.Equal(1024, pages.Count);
        Assert.Equal((PageType.Normal, TestPages.Hash(9)), pages[500]);
        // tmpfs and ext4 report the holes: nearly every other page comes typed Zero, never read.
        Assert.True(pages.Count(p => p.Value.Type == PageType.Zero) >= 1000, "holes were not detected");
        Assert.All(pages.Where(p => p.Key != 500), p => Assert.Equal(TestPages.ZeroHash, p.Value.Hash));
    }

    [Fact]
    public void Open_SharedRamFileLargerThanLowmem_MovesTheTopTo4GiB()
    {
        string path = _files.NewPath();
        const long Ram = (3L << 30) + (512L << 20); // 3.5 GiB: i440fx keeps only 3 GiB low
        using (var stream = new FileStream(path, FileMode.CreateNew))
        {
            stream.SetLength(Ram);
            stream.Position = (3L << 30) + 4096;
            stream.Write(TestPages.Page(4));
            stream.Position = 4096;
            stream.Write(TestPages.Page(3));
        }

        using var image = ImageReader.Open(path, new ImageOpenOptions { Format = ImageFormat.SharedRamFile });
        var pages = TestPages.ReadAll(image);

        Assert.Equal(ImageFormat.SharedRamFile, image.Format);
        Assert.Equal(TestPages.Hash(3), pages[1].Hash);
        Assert.Equal(TestPages.Hash(4), pages[0x100001].Hash);
        Assert.False(pages.ContainsKey(0xC0000));
        Assert.Equal([0UL, 0x100000UL], image.Regions.Select(r => r.FirstFrame));
        Assert.Equal(3UL << 30, image.Regions[1].BlockOffset);
    }

    [Fact]
    public void Open_RawNotPageMultiple_Throws()
    {
        string path = _files.Write(new byte[5000]);

        var e = Assert.Throws<ImageFormatException>(() => ImageReader.Open(path));

        Assert.Equal("5000 bytes", e.Found);
        Assert.Equal(path, e.File);
    }

    [Fact]
    public void Open_EmptyFile_Throws()
    {
        string path = _files.Write([]);

        Assert.Throws<ImageFormatException>(() => ImageReader.Open(path));
    }
}
