using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace FtActors.Images.Analysis;

/// <summary>
/// Draws a two-image comparison as a picture of the guest-physical address space: rows of
/// <see cref="Width"/> pixels, one page per pixel (or the worst state of a group of pages when the guest is
/// large), gaps longer than a row shown as one dark separator row. PNG is written with the BCL's
/// <see cref="ZLibStream"/> and our own CRC-32 (no imaging package in the feed); SVG as plain text.
/// </summary>
public static class PageMapWriter
{
    /// <summary>Pixels per row: 512 pages = 2 MiB per row at one page per pixel.</summary>
    public const int Width = 512;

    private const int MaxRows = 4096;
    private const byte Separator = 255;

    private static readonly Dictionary<byte, (byte R, byte G, byte B, string Name)> Palette = new()
    {
        [(byte)PageState.Absent] = (0, 0, 0, "absent in both"),
        [(byte)PageState.Zero] = (224, 224, 224, "zero in both"),
        [(byte)PageState.Same] = (40, 160, 60, "same content, same place"),
        [(byte)PageState.Moved] = (50, 110, 220, "moved (content elsewhere in the first image)"),
        [(byte)PageState.Different] = (210, 40, 40, "different"),
        [(byte)PageState.OnlyOne] = (240, 170, 0, "only in one image"),
        [Separator] = (70, 70, 70, "gap in the address space"),
    };

    /// <summary>Writes the map as PNG, or SVG when <paramref name="path"/> ends in .svg. Returns pages per pixel.</summary>
    public static int Write(string path, IReadOnlyList<PageStateRun> runs)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (pixels, pagesPerPixel) = Rasterise(runs);
        if (path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
        {
            File.WriteAllText(path, Svg(pixels, pagesPerPixel));
        }
        else
        {
            File.WriteAllBytes(path, Png(pixels));
        }

        return pagesPerPixel;
    }

    /// <summary>One state byte per pixel, rows of <see cref="Width"/>, padded with Absent.</summary>
    internal static (byte[] Pixels, int PagesPerPixel) Rasterise(IReadOnlyList<PageStateRun> runs)
    {
        long painted = 0;
        for (int i = 0; i < runs.Count; i++)
        {
            painted += runs[i].Count;
            if (i > 0)
            {
                ulong gap = runs[i].Frame - (runs[i - 1].Frame + (ulong)runs[i - 1].Count);
                painted += gap <= Width ? (long)gap : 2 * Width;
            }
        }

        int pagesPerPixel = (int)Math.Max(1, (painted + ((long)Width * MaxRows) - 1) / ((long)Width * MaxRows));
        long rowPages = (long)Width * pagesPerPixel;
        var pixels = new List<byte>();
        long position = 0; // in pages, from the start of the picture
        ulong previousEnd = runs.Count > 0 ? runs[0].Frame : 0;

        void Paint(long count, byte state)
        {
            for (long p = 0; p < count; p++, position++)
            {
                int index = (int)(position / pagesPerPixel);
                if (index == pixels.Count)
                {
                    pixels.Add(state);
                }
                else if (Rank(state) > Rank(pixels[index]))
                {
                    pixels[index] = state;
                }
            }
        }

        foreach (var run in runs)
        {
            ulong gap = run.Frame - previousEnd;
            if (gap > 0 && gap <= (ulong)rowPages)
            {
                Paint((long)gap, (byte)PageState.Absent);
            }
            else if (gap > 0)
            {
                Paint((rowPages - (position % rowPages)) % rowPages, (byte)PageState.Absent);
                Paint(rowPages, Separator);
            }

            Paint(run.Count, (byte)run.State);
            previousEnd = run.Frame + (ulong)run.Count;
        }

        while (pixels.Count % Width != 0 || pixels.Count == 0)
        {
            pixels.Add((byte)PageState.Absent);
        }

        return (pixels.ToArray(), pagesPerPixel);
    }

    // Worse states win a shared pixel, so a single differing page in a group stays visible.
    private static int Rank(byte state) => state switch
    {
        (byte)PageState.Different => 6,
        (byte)PageState.Moved => 5,
        (byte)PageState.OnlyOne => 4,
        (byte)PageState.Same => 3,
        (byte)PageState.Zero => 2,
        Separator => 1,
        _ => 0,
    };

    internal static byte[] Png(byte[] pixels)
    {
        int height = pixels.Length / Width;
        using var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: RGB
        WriteChunk(output, "IHDR", header);

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var row = new byte[1 + (Width * 3)];
            for (int y = 0; y < height; y++)
            {
                row[0] = 0; // filter: none
                for (int x = 0; x < Width; x++)
                {
                    var (r, g, b, _) = Palette[pixels[(y * Width) + x]];
                    row[1 + (x * 3)] = r;
                    row[2 + (x * 3)] = g;
                    row[3 + (x * 3)] = b;
                }

                zlib.Write(row);
            }
        }

        WriteChunk(output, "IDAT", compressed.ToArray());
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Compute(typeBytes, data));
        output.Write(word);
    }

    private static string Svg(byte[] pixels, int pagesPerPixel)
    {
        int height = pixels.Length / Width;
        const int Legend = 20;
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height + (Legend * Palette.Count)}\" shape-rendering=\"crispEdges\">\n");
        text.Append(inv, $"<title>page map, {pagesPerPixel} page(s) per pixel, {Width} pixels per row</title>\n");
        for (int y = 0; y < height; y++)
        {
            int x = 0;
            while (x < Width)
            {
                byte state = pixels[(y * Width) + x];
                int end = x + 1;
                while (end < Width && pixels[(y * Width) + end] == state)
                {
                    end++;
                }

                var (r, g, b, _) = Palette[state];
                text.Append(inv, $"<rect x=\"{x}\" y=\"{y}\" width=\"{end - x}\" height=\"1\" fill=\"#{r:x2}{g:x2}{b:x2}\"/>\n");
                x = end;
            }
        }

        int line = height;
        foreach (var (r, g, b, name) in Palette.Values)
        {
            text.Append(inv, $"<rect x=\"2\" y=\"{line + 4}\" width=\"12\" height=\"12\" fill=\"#{r:x2}{g:x2}{b:x2}\"/><text x=\"20\" y=\"{line + 15}\" font-size=\"12\">{name}</text>\n");
            line += Legend;
        }

        text.Append("</svg>\n");
        return text.ToString();
    }
}
