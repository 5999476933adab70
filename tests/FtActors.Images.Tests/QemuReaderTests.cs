using FtActors.Pages;

namespace FtActors.Images.Tests;

public sealed class QemuReaderTests : IDisposable
{
    private static readonly (string, ulong)[] SmallBlocks = [("pc.ram", 64 * 4096), ("/rom@etc/acpi/tables", 4 * 4096), ("pc.bios", 16 * 4096)];

    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Open_PlainStream_MapsBlocksResentPagesWinAndUnsentPagesAreZero()
    {
        var parts = new[]
        {
            new[] { new RamRecord("pc.ram", 0, 1), new RamRecord("pc.ram", 4096, 2), new RamRecord("pc.ram", 8192, null), new RamRecord("pc.bios", 0, 3) },
            [new RamRecord("pc.bios", 4096, 4), new RamRecord("pc.ram", 4096, 20), new RamRecord("/rom@etc/acpi/tables", 8192, 5)],
            [new RamRecord("pc.ram", 0, null), new RamRecord("pc.ram", 12288, 6)],
        };
        string path = _files.Write(QemuImages.Stream(SmallBlocks, parts));

        using var image = ImageReader.Open(path);
        var pages = TestPages.ReadAll(image);

        Assert.Equal(ImageFormat.QemuStream, image.Format);
        Assert.Equal(64 + 4 + 16, pages.Count);
        Assert.Equal((PageType.Zero, TestPages.ZeroHash), pages[0]);
        Assert.Equal((PageType.Normal, TestPages.Hash(20)), pages[1]);
        Assert.Equal((PageType.Zero, TestPages.ZeroHash), pages[2]);
        Assert.Equal((PageType.Normal, TestPages.Hash(6)), pages[3]);
        Assert.Equal((PageType.Zero, TestPages.ZeroHash), pages[63]);
        ulong bios = (0x1_0000_0000UL - (16 * 4096)) / 4096;
        Assert.Equal((PageType.Normal, TestPages.Hash(3)), pages[bios]);
        Assert.Equal((PageType.Normal, TestPages.Hash(4)), pages[bios + 1]);
        var acpi = image.Regions.Single(r => r.Name == "/rom@etc/acpi/tables");
        Assert.Null(acpi.GuestPhysicalAddress);
        Assert.Equal(ImageRegion.UnmappedFrameBase, acpi.FirstFrame);
        Assert.Equal((PageType.Normal, TestPages.Hash(5)), pages[acpi.FirstFrame + 2]);
        Assert.Equal("pc-i440fx-10.0", image.Properties["machine"]);
    }

    [Theory]
    [InlineData("pc-i440fx-10.0", 4UL << 30, 3UL << 30)]
    [InlineData("pc-i440fx-10.0", 3UL << 30, 3UL << 30)]
    [InlineData("pc-q35-10.0", 4UL << 30, 2UL << 30)]
    [InlineData("pc-q35-10.0", 2UL << 30, 2UL << 30)]
    public void Open_LargeMainBlock_SplitsAroundThe4GiBHole(string machine, ulong ram, ulong lowmem)
    {
        ulong lastPage = ram - 4096;
        string path = _files.Write(QemuImages.Stream([("pc.ram", ram)], [[new RamRecord("pc.ram", lowmem - 8192, 1), new RamRecord("pc.ram", lastPage, 2)]], machine));

        using var image = ImageReader.Open(path);
        var pages = TestPages.ReadAll(image, batchPages: 1024);

        Assert.Equal(TestPages.Hash(1), pages[(lowmem / 4096) - 2].Hash);
        ulong lastFrame = lastPage < lowmem ? lastPage / 4096 : (0x1_0000_0000UL + lastPage - lowmem) / 4096;
        Assert.Equal(TestPages.Hash(2), pages[lastFrame].Hash);
        Assert.Equal((long)(ram / 4096), image.PageCount);
        Assert.All(image.Regions, r => Assert.Equal("pc.ram", r.Name));
        if (ram > lowmem)
        {
            Assert.Equal(lowmem, image.Regions[1].BlockOffset);
            Assert.Equal(0x1_0000_0000UL, image.Regions[1].GuestPhysicalAddress);
        }
    }

    [Fact]
    public void Open_MappedRam_UsesBitmapAndIgnoresStaleBytes()
    {
        var ram = new int?[64];
        ram[0] = 10;
        ram[5] = 11;
        ram[63] = 12;
        string path = _files.Write(QemuImages.MappedRam([("pc.ram", 64 * 4096, ram), ("pc.bios", 2 * 4096, [13, null])]));

        using var image = ImageReader.Open(path);
        var pages = TestPages.ReadAll(image);

        Assert.Equal(ImageFormat.QemuMappedRam, image.Format);
        Assert.Equal((PageType.Normal, TestPages.Hash(10)), pages[0]);
        Assert.Equal((PageType.Zero, TestPages.ZeroHash), pages[1]);
        Assert.Equal((PageType.Normal, TestPages.Hash(11)), pages[5]);
        Assert.Equal((PageType.Normal, TestPages.Hash(12)), pages[63]);
        ulong bios = (0x1_0000_0000UL - (2 * 4096)) / 4096;
        Assert.Equal((PageType.Normal, TestPages.Hash(13)), pages[bios]);
        Assert.Equal((PageType.Zero, TestPages.ZeroHash), pages[bios + 1]);
    }

    [Fact]
    public void Open_UnknownBlockName_ThrowsAtTheName()
    {
        var bytes = QemuImages.Stream(SmallBlocks, [[new RamRecord("vga.vram", 0, 1)]]);
        string path = _files.Write(bytes);

        var e = Assert.Throws<ImageFormatException>(() => ImageReader.Open(path));

        Assert.Equal("'vga.vram'", e.Found);
        Assert.Equal(e.Offset, IndexOf(bytes, "\u0008vga.vram"u8.ToArray()));
    }

    [Fact]
    public void Open_DeviceSectionBeforeRamEnd_IsRefused()
    {
        var w = QemuImages.Header();
        w.U8(0x01).U32(1).Counted("ram").U32(0).U32(4).U64((64 * 4096) | 4).Counted("pc.ram").U64(64 * 4096).U64(0x10).U8(0x7e).U32(1);
        w.U8(0x04).U32(2).Counted("virtio-mem").U32(0).U32(1).U64(0);
        string path = _files.Write(w.ToArray());

        var e = Assert.Throws<ImageFormatException>(() => ImageReader.Open(path));

        Assert.Contains("virtio-mem", e.Found, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_XbzrleRecord_IsRefusedClearly()
    {
        var w = QemuImages.Header();
        w.U8(0x01).U32(1).Counted("ram").U32(0).U32(4).U64((64 * 4096) | 4).Counted("pc.ram").U64(64 * 4096).U64(0x10).U8(0x7e).U32(1);
        w.U8(0x02).U32(1).U64(0x40).Counted("pc.ram").U8(1).U16(0);
        string path = _files.Write(w.ToArray());

        var e = Assert.Throws<ImageFormatException>(() => ImageReader.Open(path));

        Assert.Contains("XBZRLE", e.Found, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_StreamCutMidPage_ThrowsTruncation()
    {
        var bytes = QemuImages.Stream(SmallBlocks, [[new RamRecord("pc.ram", 0, 1), new RamRecord("pc.ram", 4096, 2)]], deviceTail: false);
        string path = _files.Write(bytes[..(bytes.Length - 3000)]);

        var e = Assert.Throws<ImageFormatException>(() => ImageReader.Open(path));

        Assert.Contains("end of file", e.Found, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_TargetPageBits13_ThrowsMismatchedPageSize()
    {
        var w = new ByteWriter { BigEndian = true };
        w.Ascii("QEVM").U32(3).U8(0x07).U32(14).Ascii("pc-i440fx-10.0");
        w.U8(0x05).Counted("configuration/target-page-bits").U32(1).U32(13);
        string path = _files.Write(w.ToArray());

        var e = Assert.Throws<ImageFormatException>(() => ImageReader.Open(path));

        Assert.Contains("4096-byte pages", e.Expected, StringComparison.Ordinal);
        Assert.Equal("13", e.Found);
    }

    [Fact]
    public void Open_MappedRamPageSize8192_ThrowsMismatchedPageSize()
    {
        var bytes = QemuImages.MappedRam([("pc.ram", 4 * 4096, [1, null, null, null])]);
        // The header's be64 page size sits 4 bytes after the block entry (counted "pc.ram" + be64 length).
        int entry = IndexOf(bytes, "\u0006pc.ram"u8.ToArray());
        int pageSize = entry + 7 + 8 + 4;
        Assert.Equal(4096, System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(pageSize)));
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(pageSize), 8192);
        string path = _files.Write(bytes);

        var e = Assert.Throws<ImageFormatException>(() => ImageReader.Open(path));

        Assert.Equal(pageSize, e.Offset);
        Assert.Equal("8192", e.Found);
    }

    [Fact]
    public void Open_WrongVersion_Throws()
    {
        var bytes = QemuImages.Stream(SmallBlocks, [[new RamRecord("pc.ram", 0, 1)]]);
        bytes[7] = 2;
        string path = _files.Write(bytes);

        var e = Assert.Throws<ImageFormatException>(() => ImageReader.Open(path));

        Assert.Equal(4, e.Offset);
        Assert.Equal("version 2", e.Found);
    }

    [Fact]
    public void Open_ElfCore_MapsSegmentsByPhysicalAddress()
    {
        string path = _files.Write(QemuImages.Elf([(0, [1, null, 2], 2), (0xfffc0000, [3, 4], 0)]));

        using var image = ImageReader.Open(path);
        var pages = TestPages.ReadAll(image);

        Assert.Equal(ImageFormat.ElfCore, image.Format);
        Assert.Equal(7, pages.Count);
        Assert.Equal((PageType.Normal, TestPages.Hash(1)), pages[0]);
        Assert.Equal(TestPages.ZeroHash, pages[1].Hash);
        Assert.Equal((PageType.Normal, TestPages.Hash(2)), pages[2]);
        Assert.Equal(PageType.Zero, pages[4].Type);
        Assert.Equal((PageType.Normal, TestPages.Hash(4)), pages[0xfffc1]);
        Assert.Equal(2, image.Regions.Count);
        Assert.Equal(0xfffc0000UL, image.Regions[1].GuestPhysicalAddress);
    }

    [Fact]
    public void Open_KdumpCompressed_IsRefusedAsNotSupported()
    {
        string path = _files.Write([.. "KDUMP   "u8.ToArray(), .. new byte[4096]]);

        var e = Assert.Throws<ImageFormatException>(() => ImageReader.Open(path));

        Assert.Contains("not supported", e.Found, StringComparison.Ordinal);
        Assert.Equal(0, e.Offset);
    }

    [Fact]
    public void Open_ElfSegmentPastEndOfFile_Throws()
    {
        var bytes = QemuImages.Elf([(0, [1, 2], 0)]);
        string path = _files.Write(bytes[..(bytes.Length - 100)]);

        var e = Assert.Throws<ImageFormatException>(() => ImageReader.Open(path));

        Assert.Contains("inside the file", e.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_Elf32_IsRejectedWithClass()
    {
        var bytes = QemuImages.Elf([(0, [1], 0)]);
        bytes[4] = 1;
        string path = _files.Write(bytes);

        var e = Assert.Throws<ImageFormatException>(() => ImageReader.Open(path));

        Assert.Equal(4, e.Offset);
        Assert.Equal("class 1", e.Found);
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        return -1;
    }
}
