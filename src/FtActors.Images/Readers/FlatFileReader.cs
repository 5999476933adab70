using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using FtActors.Pages;
using Microsoft.Win32.SafeHandles;

namespace FtActors.Images.Readers;

/// <summary>
/// Files that are guest memory byte for byte: a <c>pmemsave</c> dump (frame = base + offset / 4096) and a
/// live guest's <c>memory-backend-file</c> RAM file (offset = offset in the main RAM block, placed by the PC
/// layout). Holes found with SEEK_DATA/SEEK_HOLE become Zero runs that are never read.
/// </summary>
internal static class FlatFileReader
{
    private const int Enxio = 6;

    public static GuestImage Open(string path, ImageFormat format, ImageOpenOptions options)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        try
        {
            long length = RandomAccess.GetLength(handle);
            if (length == 0 || length % PageSize.Bytes != 0)
            {
                throw new ImageFormatException(path, length, "a raw memory image whose size is a non-zero multiple of 4096 (no known magic either)", $"{length} bytes");
            }

            if (options.RawBaseAddress % PageSize.Bytes != 0)
            {
                throw new ImageFormatException(path, 0, "a page-aligned base address", $"0x{options.RawBaseAddress:x}");
            }

            var blockRuns = ToRuns(DataRanges(handle, length), length);
            var properties = new Dictionary<string, string> { ["bytes"] = length.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            List<ImageRegion> regions;
            if (format == ImageFormat.SharedRamFile)
            {
                string machine = options.Machine ?? "pc";
                var map = new PcMemoryMap(machine, options.RamBelow4G, options.MainRamBlock);
                regions = map.Place(options.MainRamBlock, (ulong)length);
                properties["machine"] = machine;
                properties["lowmem"] = "0x" + map.LowMemory((ulong)length).ToString("x", System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                ulong baseFrame = options.RawBaseAddress / PageSize.Bytes;
                regions = [new ImageRegion("raw", baseFrame, (ulong)(length / PageSize.Bytes), 0, options.RawBaseAddress)];
            }

            var runs = RunMapper.Map(blockRuns, regions);
            PageSource source = format == ImageFormat.SharedRamFile
                ? MapFile(path, handle, length)
                : new PageSource.FileSource(path, handle);
            return new GuestImage(path, format, runs, source, regions, properties);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static PageSource.MappedSource MapFile(string path, SafeFileHandle handle, long length)
    {
        var stream = new FileStream(handle, FileAccess.Read);
        var file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        var view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        return new PageSource.MappedSource(path, file, view, length);
    }

    /// <summary>Runs in block-offset space: frame = offset / 4096; data ranges read, the gaps between them Zero.</summary>
    private static List<PageRun> ToRuns(List<(long Start, long End)> data, long length)
    {
        var runs = new List<PageRun>();
        long at = 0;
        foreach (var (start, end) in data)
        {
            if (start > at)
            {
                runs.Add(new PageRun((ulong)(at / PageSize.Bytes), (start - at) / PageSize.Bytes, -1, PageType.Zero));
            }

            runs.Add(new PageRun((ulong)(start / PageSize.Bytes), (end - start) / PageSize.Bytes, start, PageType.Normal));
            at = end;
        }

        if (at < length)
        {
            runs.Add(new PageRun((ulong)(at / PageSize.Bytes), (length - at) / PageSize.Bytes, -1, PageType.Zero));
        }

        return runs;
    }

    /// <summary>
    /// Page-aligned byte ranges that may hold data. A file system without SEEK_DATA support (or another OS)
    /// reports the whole file as data, which is always correct, only slower.
    /// </summary>
    internal static List<(long Start, long End)> DataRanges(SafeFileHandle handle, long length)
    {
        var whole = new List<(long, long)> { (0, length) };
        if (!OperatingSystem.IsLinux())
        {
            return whole;
        }

        var ranges = new List<(long Start, long End)>();
        bool added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            int fd = (int)handle.DangerousGetHandle();
            long position = 0;
            while (position < length)
            {
                long data = Interop.Lseek(fd, position, Interop.SeekData);
                if (data < 0)
                {
                    if (Marshal.GetLastPInvokeError() == Enxio)
                    {
                        break;
                    }

                    return whole;
                }

                long hole = Interop.Lseek(fd, data, Interop.SeekHole);
                if (hole < 0 || hole > length)
                {
                    hole = length;
                }

                long start = data / PageSize.Bytes * PageSize.Bytes;
                long end = Math.Min(length, (hole + PageSize.Bytes - 1) / PageSize.Bytes * PageSize.Bytes);
                if (ranges.Count > 0 && ranges[^1].End >= start)
                {
                    ranges[^1] = (ranges[^1].Start, Math.Max(ranges[^1].End, end));
                }
                else if (end > start)
                {
                    ranges.Add((start, end));
                }

                position = Math.Max(hole, position + 1);
            }

            return ranges;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }
}
