using System.Globalization;
using FtActors.Pages;

namespace FtActors.Images.Readers;

/// <summary>
/// ELF64 little-endian cores from QMP <c>dump-guest-memory</c>. Each PT_LOAD segment's file bytes are the
/// guest-physical range starting at p_paddr (p_vaddr is only meaningful with paging=true); memsz beyond
/// filesz reads as zero. Segments need not be page-aligned in the file (QEMU's first one starts at 0x498).
/// </summary>
internal static class ElfCoreReader
{
    private const uint PtLoad = 1;
    private const int PhdrSize = 56;
    private const ushort PnXnum = 0xffff;

    public static GuestImage Open(string path)
    {
        using var cursor = new ImageCursor(path) { BigEndian = false };
        var ident = cursor.ReadBytes(16, "ELF identification");
        if (ident[4] != 2)
        {
            throw cursor.Error(4, "ELF class 2 (ELF64)", $"class {ident[4]}");
        }

        if (ident[5] != 1)
        {
            throw cursor.Error(5, "ELF data 1 (little-endian, as x86 QEMU writes)", $"data {ident[5]}");
        }

        ushort type = cursor.ReadU16("e_type");
        if (type != 4)
        {
            throw cursor.Error(16, "e_type 4 (ET_CORE)", $"e_type {type}");
        }

        cursor.Position = 0x20;
        ulong phoff = cursor.ReadU64("e_phoff");
        ulong shoff = cursor.ReadU64("e_shoff");
        cursor.Position = 0x36;
        ushort phentsize = cursor.ReadU16("e_phentsize");
        uint phnum = cursor.ReadU16("e_phnum");
        if (phentsize != PhdrSize)
        {
            throw cursor.Error(0x36, $"e_phentsize {PhdrSize}", $"{phentsize}");
        }

        if (phnum == PnXnum)
        {
            // More segments than fit in e_phnum: the real count is section 0's sh_info (QEMU does this).
            if (shoff == 0 || shoff > (ulong)cursor.Length - 64)
            {
                throw cursor.Error(0x28, "a section header holding the segment count (e_phnum is PN_XNUM)", $"e_shoff 0x{shoff:x}");
            }

            cursor.Position = (long)shoff + 0x2c;
            phnum = cursor.ReadU32("sh_info (segment count)");
        }

        if (phoff > (ulong)cursor.Length || phnum > ((ulong)cursor.Length - phoff) / PhdrSize)
        {
            throw cursor.Error(0x20, $"{phnum} program headers inside the file", $"e_phoff 0x{phoff:x} in a {cursor.Length}-byte file");
        }

        var runs = new List<PageRun>();
        var regions = new List<ImageRegion>();
        for (uint i = 0; i < phnum; i++)
        {
            long at = (long)phoff + (i * PhdrSize);
            cursor.Position = at;
            uint ptype = cursor.ReadU32("p_type");
            cursor.Skip(4, "p_flags");
            ulong offset = cursor.ReadU64("p_offset");
            cursor.Skip(8, "p_vaddr");
            ulong paddr = cursor.ReadU64("p_paddr");
            ulong filesz = cursor.ReadU64("p_filesz");
            ulong memsz = cursor.ReadU64("p_memsz");
            if (ptype != PtLoad || memsz == 0)
            {
                continue;
            }

            if (paddr % PageSize.Bytes != 0 || filesz % PageSize.Bytes != 0 || memsz % PageSize.Bytes != 0 || filesz > memsz)
            {
                throw cursor.Error(at, "a PT_LOAD with page-aligned p_paddr, p_filesz and p_memsz (4096-byte pages), filesz <= memsz",
                    $"p_paddr 0x{paddr:x}, p_filesz 0x{filesz:x}, p_memsz 0x{memsz:x}");
            }

            if (offset > (ulong)cursor.Length || filesz > (ulong)cursor.Length - offset)
            {
                throw cursor.Error(at, $"segment {i}'s 0x{filesz:x} bytes at 0x{offset:x} inside the file", $"a {cursor.Length}-byte file");
            }

            if (paddr / PageSize.Bytes + (memsz / PageSize.Bytes) > ImageRegion.UnmappedFrameBase)
            {
                throw cursor.Error(at, "a guest-physical address below 2^52", $"p_paddr 0x{paddr:x} + 0x{memsz:x}");
            }

            ulong frame = paddr / PageSize.Bytes;
            long filePages = (long)(filesz / PageSize.Bytes);
            long zeroPages = (long)((memsz - filesz) / PageSize.Bytes);
            if (filePages > 0)
            {
                runs.Add(new PageRun(frame, filePages, (long)offset, PageType.Normal));
            }

            if (zeroPages > 0)
            {
                runs.Add(new PageRun(frame + (ulong)filePages, zeroPages, -1, PageType.Zero));
            }

            regions.Add(new ImageRegion($"segment{regions.Count}", frame, memsz / PageSize.Bytes, 0, paddr));
        }

        if (runs.Count == 0)
        {
            throw cursor.Error(phoff > (ulong)cursor.Length ? 0 : (long)phoff, "at least one PT_LOAD segment with guest memory", "none");
        }

        var properties = new Dictionary<string, string>
        {
            ["segments"] = regions.Count.ToString(CultureInfo.InvariantCulture),
        };
        var sorted = RemoveOverlaps(runs);
        regions.Sort((a, b) => a.FirstFrame.CompareTo(b.FirstFrame));
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new GuestImage(path, ImageFormat.ElfCore, sorted, new PageSource.FileSource(path, handle), RemoveOverlaps(regions), properties);
    }

    /// <summary>
    /// With paging=true several segments may describe the same physical pages; each frame is kept once, from
    /// the segment that starts lowest (then the one listed first).
    /// </summary>
    private static List<PageRun> RemoveOverlaps(List<PageRun> runs)
    {
        var ordered = runs.OrderBy(r => r.Frame).ToList();
        var result = new List<PageRun>(ordered.Count);
        ulong next = 0;
        foreach (var run in ordered)
        {
            if (run.EndFrame <= next)
            {
                continue;
            }

            if (run.Frame < next)
            {
                long cut = (long)(next - run.Frame);
                result.Add(new PageRun(next, run.Count - cut, run.HasData ? run.FileOffset + (cut * PageSize.Bytes) : -1, run.Type));
            }
            else
            {
                result.Add(run);
            }

            next = result[^1].EndFrame;
        }

        return result;
    }

    private static List<ImageRegion> RemoveOverlaps(List<ImageRegion> regions)
    {
        var result = new List<ImageRegion>();
        ulong next = 0;
        foreach (var region in regions)
        {
            if (region.EndFrame <= next)
            {
                continue;
            }

            ulong start = Math.Max(region.FirstFrame, next);
            result.Add(region with { FirstFrame = start, PageCount = region.EndFrame - start, GuestPhysicalAddress = start * PageSize.Bytes });
            next = region.EndFrame;
        }

        return result;
    }
}
