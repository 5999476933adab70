using FtActors.Pages;

namespace FtActors.Images.Tests;

public sealed class XenReaderTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static XenEntry[] Batch(ulong firstPfn, int count, int type = 0, int seedBase = 0) =>
        Enumerable.Range(0, count).Select(i => new XenEntry(firstPfn + (ulong)i, type, seedBase + (int)firstPfn + i)).ToArray();

    [Theory]
    [InlineData(false, 3u)]
    [InlineData(true, 3u)]
    [InlineData(false, 2u)]
    [InlineData(true, 2u)]
    public void Open_LibxcPvImage_YieldsPagesTablesAndAbsentFrames(bool bigEndian, uint version)
    {
        var batches = new[]
        {
            Batch(0, 1024),
            [new XenEntry(1024, 1, 1), new XenEntry(1025, 4, 2), new XenEntry(1026, 9, 3), new XenEntry(1027, 0xF, 0), new XenEntry(1028, 0xE, 0), new XenEntry(1029, 0xD, 0), new XenEntry(1030, 0, 77)],
        };
        string path = _files.Write(XenImages.Libxc(batches, bigEndian, version, p2mFrames: [1030, 1031]));

        using var image = ImageReader.Open(path);
        var pages = TestPages.ReadAll(image);

        Assert.Equal(ImageFormat.XenLibxc, image.Format);
        Assert.Equal(1031, pages.Count);
        Assert.Equal((PageType.Normal, TestPages.Hash(17)), pages[17]);
        Assert.Equal((PageType.PageTable, TestPages.Hash(1)), pages[1024]);
        Assert.Equal((PageType.PageTable, TestPages.Hash(2)), pages[1025]);
        Assert.Equal((PageType.PageTable, TestPages.Hash(3)), pages[1026]);
        Assert.Equal(PageType.NotPresent, pages[1027].Type);
        Assert.Equal(PageType.NotPresent, pages[1028].Type);
        Assert.Equal(PageType.NotPresent, pages[1029].Type);
        Assert.Equal((PageType.Normal, TestPages.Hash(77)), pages[1030]);
        Assert.Equal(1028, image.PageCount);
        Assert.NotNull(image.Xen);
        Assert.Equal("pv", image.Xen.DomainType);
        Assert.Equal(8, image.Xen.GuestWidth);
        Assert.Equal(4, image.Xen.PageTableLevels);
        Assert.Equal([1030UL, 1031UL], image.Xen.P2mFramePfns);
        Assert.Equal(1031UL, image.Regions.Single().PageCount);
        var levels = image.ReadBatches().SelectMany(b => b.Frames.ToArray().Zip(b.PageTableLevels.ToArray())).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal(1, levels[1024]);
        Assert.Equal(4, levels[1025]);
        Assert.Equal(1, levels[1026]); // pinned L1 (type 9)
        Assert.Equal(0, levels[1030]);
    }

    [Fact]
    public void Open_LibxcWithResentPfnAndVerifyTail_LastOccurrenceWinsAndVerifyIgnored()
    {
        var batches = new[] { Batch(0, 8), new[] { new XenEntry(3, 0, 500) } };
        string path = _files.Write(XenImages.Libxc(batches, verifyBatch: [new XenEntry(4, 0, 999)]));

        using var image = ImageReader.Open(path);
        var pages = TestPages.ReadAll(image);

        Assert.Equal(TestPages.Hash(500), pages[3].Hash);
        Assert.Equal(TestPages.Hash(4), pages[4].Hash);
    }

    [Fact]
    public void Open_HvmLibxc_ReportsHvmWithIdentityFrames()
    {
        string path = _files.Write(XenImages.Libxc([Batch(0x100, 4)], domainType: 2));

        using var image = ImageReader.Open(path);

        Assert.Equal("hvm", image.Xen!.DomainType);
        Assert.Equal([0x100UL, 0x101UL, 0x102UL, 0x103UL], TestPages.ReadAll(image).Keys);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Open_XlSaveFile_ReadsThroughXlAndLibxlLayers(bool bigEndian)
    {
        var libxc = XenImages.Libxc([Batch(0, 3), [new XenEntry(3, 2, 33)]], bigEndian);
        string path = _files.Write(XenImages.Xl(XenImages.Libxl(libxc, bigEndian), bigEndian));

        using var image = ImageReader.Open(path);
        var pages = TestPages.ReadAll(image);

        Assert.Equal(ImageFormat.XenXl, image.Format);
        Assert.Equal(4, pages.Count);
        Assert.Equal((PageType.PageTable, TestPages.Hash(33)), pages[3]);
        Assert.Contains("guest", image.Properties["config"], StringComparison.Ordinal);
    }

    [Fact]
    public void Open_XlSaveWithLegacyStream_ReadsTheLegacyBatches()
    {
        var legacy = XenImages.Legacy(8, 64, [Batch(0, 10), [new XenEntry(10, 1, 99)]], xendHeader: false);
        string path = _files.Write(XenImages.Xl(legacy, mandatoryFlags: 1));

        using var image = ImageReader.Open(path);
        var pages = TestPages.ReadAll(image);

        Assert.Equal(ImageFormat.XenXl, image.Format);
        Assert.Equal(11, pages.Count);
        Assert.Equal((PageType.PageTable, TestPages.Hash(99)), pages[10]);
        Assert.Equal(64UL, image.Xen!.MaxPfn);
    }

    [Fact]
    public void Open_XlUnknownMandatoryFlag_IsRefused()
    {
        string path = _files.Write(XenImages.Xl(XenImages.Libxl(XenImages.Libxc([Batch(0, 1)])), mandatoryFlags: 7));

        var e = Assert.Throws<ImageFormatException>(() => ImageReader.Open(path));

        Assert.Equal(36, e.Offset);
        Assert.Equal("0x7", e.Found);
    }

    [Fact]
    public void Open_BareLibxl_IsDetected()
    {
        string path = _files.Write(XenImages.Libxl(XenImages.Libxc([Batch(0, 2)])));

        using var image = ImageReader.Open(path);

        Assert.Equal(ImageFormat.XenLibxl, image.Format);
        Assert.Equal(2, image.PageCount);
    }

    [Theory]
    [InlineData(8, false)]
    [InlineData(4, false)]
    [InlineData(8, true)]
    [InlineData(4, true)]
    public void Open_LegacyXmSave_ReadsPermutedBatchesWithTypes(int wordSize, bool extInfo)
    {
        // Frames in the rotated order the 2006 saver used: not ascending, several batches.
        var order = Enumerable.Range(0, 2000).Select(i => (ulong)((i * 7) % 2000)).ToArray();
        var entries = order.Select(p => new XenEntry(p, p switch { 10 => 1, 11 => 2, 12 => 0xB, 13 => 0xF, _ => 0 }, (int)p)).ToArray();
        var batches = entries.Chunk(1024).ToArray();
        string path = _files.Write(XenImages.Legacy(wordSize, 2048, batches, extInfo, verifyTail: true));

        using var image = ImageReader.Open(path);
        var pages = TestPages.ReadAll(image, batchPages: 300);

        Assert.Equal(ImageFormat.XenLegacy, image.Format);
        Assert.Equal(2000, pages.Count);
        Assert.Equal((PageType.Normal, TestPages.Hash(1999)), pages[1999]);
        Assert.Equal((PageType.PageTable, TestPages.Hash(10)), pages[10]);
        Assert.Equal((PageType.PageTable, TestPages.Hash(12)), pages[12]);
        Assert.Equal(PageType.NotPresent, pages[13].Type);
        Assert.Equal(wordSize, image.Xen!.GuestWidth);
        Assert.Equal(2048UL, image.Xen.MaxPfn);
        Assert.Equal((int)((2048 + (4096 / wordSize) - 1) / (4096 / wordSize)), image.Xen.P2mFramePfns.Count);
        Assert.Contains("(name guest)", image.Properties["config"], StringComparison.Ordinal);
    }

    [Fact]
    public void Open_LibxcBatchCountTooLarge_ThrowsWithOffset()
    {
        var bytes = XenImages.Libxc([Batch(0, 2)]);
        int countAt = FindPageData(bytes) + 8;
        BitConverter.GetBytes(5000u).CopyTo(bytes, countAt);
        string path = _files.Write(bytes);

        var e = Assert.Throws<ImageFormatException>(() => ImageReader.Open(path));

        Assert.Equal(path, e.File);
        Assert.Contains("count", e.Expected, StringComparison.Ordinal);
        Assert.Contains("5000", e.Found, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_LibxcUnknownPageType_Throws()
    {
        string path = _files.Write(XenImages.Libxc([[new XenEntry(0, 6, 1)]]));

        var e = Assert.Throws<ImageFormatException>(() => ImageReader.Open(path));

        Assert.Contains("type 6", e.Found, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_LibxcPageShift13_ThrowsMismatchedPageSize()
    {
        string path = _files.Write(XenImages.Libxc([Batch(0, 1)], pageShift: 13));

        var e = Assert.Throws<ImageFormatException>(() => ImageReader.Open(path));

        Assert.Equal(28, e.Offset);
        Assert.Contains("page shift 13", e.Found, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_LegacyBadType_ThrowsNamingPfn()
    {
        string path = _files.Write(XenImages.Legacy(8, 16, [[new XenEntry(3, 6, 0)]]));

        var e = Assert.Throws<ImageFormatException>(() => ImageReader.Open(path));

        Assert.Contains("pfn 3", e.Found, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_LegacyBatchOver1024_Throws()
    {
        var bytes = XenImages.Legacy(8, 16, [Batch(0, 1)]);
        int at = 16 + 4 + "(domain (name guest) (memory 256) (image (linux (kernel /boot/vmlinuz))))".Length + 8 + 8;
        BitConverter.GetBytes(1025).CopyTo(bytes, at);
        string path = _files.Write(bytes);

        var e = Assert.Throws<ImageFormatException>(() => ImageReader.Open(path));

        Assert.Equal(at, e.Offset);
        Assert.Equal("1025", e.Found);
    }

    [Fact]
    public void Open_TruncatedLibxc_ThrowsEndOfFile()
    {
        var bytes = XenImages.Libxc([Batch(0, 4)]);
        string path = _files.Write(bytes[..(bytes.Length - 5000)]);

        var e = Assert.Throws<ImageFormatException>(() => ImageReader.Open(path));

        Assert.Contains("end of file", e.Found, StringComparison.Ordinal);
    }

    internal static int FindPageData(byte[] bytes)
    {
        // Records start after the 24 + 16 header bytes; walk them to the first PAGE_DATA (type 1).
        int at = 40;
        while (BitConverter.ToUInt32(bytes, at) != 1)
        {
            at += 8 + (int)((BitConverter.ToUInt32(bytes, at + 4) + 7) & ~7u);
        }

        return at;
    }
}
