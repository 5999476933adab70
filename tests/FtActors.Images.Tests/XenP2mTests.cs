using System.Buffers.Binary;

namespace FtActors.Images.Tests;

public sealed class XenP2mTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void ReadTable_PvImage_ReturnsMfnPerPfnFromTheP2mFrames()
    {
        // Build a libxc image whose p2m frame (pfn 3) holds mfn = 0x1000 + pfn for the guest's 4 pfns.
        var p2mPage = new byte[4096];
        for (int pfn = 0; pfn < 4; pfn++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(p2mPage.AsSpan(pfn * 8), 0x1000UL + (ulong)pfn);
        }

        var bytes = XenImages.Libxc([[new XenEntry(0, 0, 1), new XenEntry(1, 0, 2), new XenEntry(2, 1, 3), new XenEntry(3, 0, 4)]], p2mFrames: [3], p2mEnd: 3);
        int page3 = FindPageBytes(bytes, TestPages.Page(4));
        p2mPage.CopyTo(bytes, page3);
        string path = _files.Write(bytes);
        using var image = ImageReader.Open(path);

        var table = XenP2m.ReadTable(image);

        Assert.Equal([0x1000UL, 0x1001UL, 0x1002UL, 0x1003UL], table);
    }

    [Fact]
    public void ReadTable_QemuImage_Throws()
    {
        using var image = ImageReader.Open(_files.Write(TestPages.Page(1)));

        Assert.Throws<InvalidOperationException>(() => XenP2m.ReadTable(image));
    }

    private static int FindPageBytes(byte[] haystack, byte[] page)
    {
        for (int i = 0; i + page.Length <= haystack.Length; i += 8)
        {
            if (haystack.AsSpan(i, page.Length).SequenceEqual(page))
            {
                return i;
            }
        }

        throw new InvalidOperationException("page not found");
    }
}
