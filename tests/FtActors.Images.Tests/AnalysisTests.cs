using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using FtActors.Images.Analysis;
using FtActors.Pages;

namespace FtActors.Images.Tests;

public sealed class AnalysisTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>A raw image whose page i has seed seeds[i] (0 = a zero page).</summary>
    private IGuestImage Raw(params int[] seeds) =>
        ImageReader.Open(_files.Write(seeds.SelectMany(s => s == 0 ? new byte[PageSize.Bytes] : TestPages.Page(s)).ToArray()));

    [Fact]
    public void Compare_TwoImages_CountsPositionContentZeroAndOnlyOne()
    {
        using var a = Raw(1, 2, 3, 0, 5, 0);
        using var b = Raw(1, 3, 2, 0, 6, 7, 1);

        var runs = new List<PageStateRun>();
        var report = new ImageComparer(PageEngines.Managed).Compare([a, b], runs);
        var t = report.Pairs[0].Totals;

        Assert.Equal(7, t.Pages);
        Assert.Equal(2, t.Same);         // frame 0 (content 1) and frame 3 (zero)
        Assert.Equal(1, t.SameNonZero);
        Assert.Equal(1, t.ZeroBoth);
        Assert.Equal(2, t.Moved);        // 3 and 2 swapped
        Assert.Equal(2, t.Different);    // 5 -> 6, zero -> 7
        Assert.Equal(0, t.OnlyFirst);
        Assert.Equal(1, t.OnlySecond);   // frame 6
        Assert.Equal(6, report.Pairs[0].SecondNonZero);
        Assert.Equal(4, report.Pairs[0].FoundAnywhere); // 1, 3, 2, 1 are in the first image; 6 and 7 are not
        Assert.False(report.Identical);
        Assert.Equal(
            [PageState.Same, PageState.Moved, PageState.Moved, PageState.Zero, PageState.Different, PageState.Different, PageState.OnlyOne],
            runs.SelectMany(r => Enumerable.Repeat(r.State, (int)r.Count)));
        Assert.Equal(new ImageSummary(a.Path, "raw", 6, 2, 4, 4), report.Images[0]);
    }

    [Fact]
    public void Compare_ThreeImages_CommonPagesArePresentInAll()
    {
        using var a = Raw(1, 2, 3, 4);
        using var b = Raw(1, 3, 9, 4);
        using var c = Raw(1, 4, 3, 8);

        var report = new ImageComparer(PageEngines.Managed).Compare([a, b, c]);

        Assert.Equal(1, report.Common.SamePositionNonZero);  // frame 0 only
        Assert.Equal(3, report.Common.DistinctContents);     // 1, 3, 4
        Assert.Equal(3, report.Common.FirstImagePages);
        Assert.Equal(2, report.Pairs.Count);
    }

    [Fact]
    public void Compare_SameFileTwice_IsIdentical()
    {
        using var a = Raw(1, 0, 2);
        using var b = ImageReader.Open(a.Path);

        var report = new ImageComparer(PageEngines.Managed).Compare([a, b]);

        Assert.True(report.Identical);
        Assert.Equal(3, report.Pairs[0].Totals.Same);
    }

    [Fact]
    public void Compare_RegionsOfFirstImage_SplitTheFigures()
    {
        var stream = QemuImages.Stream(
            [("pc.ram", 4 * 4096), ("pc.bios", 2 * 4096)],
            [[new RamRecord("pc.ram", 0, 1), new RamRecord("pc.bios", 0, 2), new RamRecord("pc.bios", 4096, 3)]]);
        using var a = ImageReader.Open(_files.Write(stream));
        using var b = Raw(1, 0, 0, 5);

        var report = new ImageComparer(PageEngines.Managed).Compare([a, b]);
        var regions = report.Pairs[0].Regions;

        Assert.Equal(["pc.ram", "pc.bios"], regions.Select(r => r.Name));
        Assert.Equal(3, regions[0].Same);
        Assert.Equal(1, regions[0].Different);
        Assert.Equal(2, regions[1].OnlyFirst);
        Assert.Equal(0xffffe000UL, regions[1].GuestPhysicalAddress);
    }

    [Fact]
    public void Inspect_Image_CountsZeroDistinctAndDuplicates()
    {
        using var image = Raw(1, 1, 1, 2, 0, 0, 3, 3);

        var report = new ImageInspector(PageEngines.Managed).Inspect(image);

        Assert.Equal(8, report.Pages);
        Assert.Equal(2, report.Zero);
        Assert.Equal(6, report.NonZero);
        Assert.Equal(3, report.DistinctNonZero);
        Assert.Equal(5, report.DuplicatePages);
        Assert.Equal(2, report.DuplicateContents);
        Assert.Equal(8, report.Regions.Single().Pages);
    }

    [Fact]
    public void Inspect_XenImage_CountsPageTablesAndAbsentFrames()
    {
        string path = _files.Write(XenImages.Libxc([[new XenEntry(0, 0, 1), new XenEntry(1, 1, 2), new XenEntry(2, 0xF, 0), new XenEntry(3, 0, 1)]]));
        using var image = ImageReader.Open(path);

        var report = new ImageInspector(PageEngines.Managed).Inspect(image);

        Assert.Equal(3, report.Pages);
        Assert.Equal(1, report.PageTables);
        Assert.Equal(1, report.NotPresent);
        Assert.Equal(2, report.DuplicatePages);
    }

    [Fact]
    public void Serialize_Reports_UseSourceGeneratedCamelCaseJson()
    {
        using var a = Raw(1, 0);
        using var b = Raw(1, 2);
        var report = new ImageComparer(PageEngines.Managed).Compare([a, b]);

        string json = JsonSerializer.Serialize(report, ReportJsonContext.Default.CompareReport);
        using var document = JsonDocument.Parse(json);

        Assert.Equal(1, document.RootElement.GetProperty("pairs")[0].GetProperty("totals").GetProperty("same").GetInt64());
        Assert.False(document.RootElement.GetProperty("identical").GetBoolean());
    }

    [Fact]
    public void Write_PngMap_IsAValidPngWithTheStateColours()
    {
        string path = _files.NewPath(".png");
        var runs = new List<PageStateRun> { new(0, 600, PageState.Same), new(600, 10, PageState.Different), new(5000, 3, PageState.Zero) };

        int perPixel = PageMapWriter.Write(path, runs);
        byte[] png = File.ReadAllBytes(path);

        Assert.Equal(1, perPixel);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        var chunks = Chunks(png).ToList();
        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));
        foreach (var (type, data, crc) in chunks)
        {
            Assert.Equal(BitwiseCrc([.. System.Text.Encoding.ASCII.GetBytes(type), .. data]), crc);
        }

        int width = BinaryPrimitives.ReadInt32BigEndian(chunks[0].Data);
        int height = BinaryPrimitives.ReadInt32BigEndian(chunks[0].Data.AsSpan(4));
        using var inflater = new ZLibStream(new MemoryStream(chunks[1].Data), CompressionMode.Decompress);
        using var pixels = new MemoryStream();
        inflater.CopyTo(pixels);
        byte[] raw = pixels.ToArray();
        Assert.Equal(512, width);
        Assert.Equal(height * (1 + (3 * width)), raw.Length);
        Assert.Equal(4, height); // two rows of pages, a separator row for the gap, a row for the last run
        Assert.Equal([40, 160, 60], raw[1..4]);                                   // page 0: same
        int different = (1 + (3 * width)) + 1 + (3 * (600 - 512));
        Assert.Equal([210, 40, 40], raw[different..(different + 3)]);             // page 600: different
        int gapRow = ((1 + (3 * width)) * 2) + 1;
        Assert.Equal([70, 70, 70], raw[gapRow..(gapRow + 3)]);                    // separator row for the gap
    }

    [Fact]
    public void Write_SvgMap_HasLegendAndRects()
    {
        string path = _files.NewPath(".svg");

        PageMapWriter.Write(path, [new PageStateRun(0, 100, PageState.Moved)]);
        string svg = File.ReadAllText(path);

        Assert.StartsWith("<svg", svg, StringComparison.Ordinal);
        Assert.Contains("<rect x=\"0\" y=\"0\" width=\"100\" height=\"1\" fill=\"#326edc\"/>", svg, StringComparison.Ordinal);
        Assert.Contains("moved (content elsewhere in the first image)", svg, StringComparison.Ordinal);
    }

    private static IEnumerable<(string Type, byte[] Data, uint Crc)> Chunks(byte[] png)
    {
        int at = 8;
        while (at < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            string type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            yield return (type, png[(at + 8)..(at + 8 + length)], BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length)));
            at += 12 + length;
        }
    }

    // An independent, table-free CRC-32 to check the writer's table-driven one.
    private static uint BitwiseCrc(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
