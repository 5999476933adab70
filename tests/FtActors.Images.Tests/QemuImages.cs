namespace FtActors.Images.Tests;

/// <summary>A RAM record for a synthetic QEMU stream: a page with data (seed) or a ZERO record.</summary>
internal readonly record struct RamRecord(string Block, ulong Offset, int? Seed);

/// <summary>Builds QEMU 10 migration streams byte for byte as the reference describes them (big-endian, counted strings).</summary>
internal static class QemuImages
{
    public const uint RamId = 1;

    public static ByteWriter Header(string machine = "pc-i440fx-10.0", string[]? capabilities = null)
    {
        var w = new ByteWriter { BigEndian = true };
        w.Ascii("QEVM").U32(3).U8(0x07).U32((uint)machine.Length).Ascii(machine);
        if (capabilities is { Length: > 0 })
        {
            w.U8(0x05).Counted("configuration/capabilities").U32(1).U32((uint)capabilities.Length);
            foreach (var c in capabilities)
            {
                w.Counted(c);
            }
        }

        // Return path commands, as a real stream with return-path has them.
        w.U8(0x08).U16(1).U16(0);
        w.U8(0x08).U16(2).U16(4).U32(1);
        return w;
    }

    /// <summary>A plain stream: START with the block list, PART sections of records, END, a device tail, EOF.</summary>
    public static byte[] Stream((string Name, ulong Length)[] blocks, IReadOnlyList<RamRecord[]> parts, string machine = "pc-i440fx-10.0", bool deviceTail = true)
    {
        var w = Header(machine);
        w.U8(0x01).U32(RamId).Counted("ram").U32(0).U32(4);
        ulong total = blocks.Aggregate(0UL, (s, b) => s + b.Length);
        w.U64(total | 0x4);
        foreach (var (name, length) in blocks)
        {
            w.Counted(name).U64(length);
        }

        w.U64(0x10).U8(0x7e).U32(RamId);
        string? last = null;
        for (int i = 0; i < parts.Count; i++)
        {
            bool end = i == parts.Count - 1;
            if (end)
            {
                w.U8(0x08).U16(11).U16(0); // SWITCHOVER_START
            }

            w.U8(end ? 0x03 : 0x02).U32(RamId);
            foreach (var r in parts[i])
            {
                bool cont = r.Block == last;
                ulong word = r.Offset | (r.Seed is null ? 0x2UL : 0x8UL) | (cont ? 0x20UL : 0);
                w.U64(word);
                if (!cont)
                {
                    w.Counted(r.Block);
                    last = r.Block;
                }

                if (r.Seed is { } seed)
                {
                    w.Bytes(TestPages.Page(seed));
                }
                else
                {
                    w.U8(0);
                }
            }

            w.U64(0x10).U8(0x7e).U32(RamId);
        }

        if (deviceTail)
        {
            // A device FULL section: its data has no length, the reader must stop here.
            w.U8(0x04).U32(0).Counted("timer").U32(0).U32(2).U64(123456).U64(789).U8(0x7e).U32(0);
        }

        w.U8(0x00);
        return w.ToArray();
    }

    /// <summary>A mapped-ram stream: per-block header, bitmap, pages at 1 MiB-aligned offsets.</summary>
    public static byte[] MappedRam((string Name, ulong Length, int?[] Pages)[] blocks)
    {
        var w = Header(capabilities: ["mapped-ram"]);
        w.U8(0x01).U32(RamId).Counted("ram").U32(0).U32(4);
        ulong total = blocks.Aggregate(0UL, (s, b) => s + b.Length);
        w.U64(total | 0x4);
        foreach (var (name, length, pages) in blocks)
        {
            w.Counted(name).U64(length);
            long headerEnd = w.Position + 28;
            ulong pageCount = length / 4096;
            long bitmapBytes = (long)((pageCount + 63) / 64 * 8);
            long pagesOffset = (headerEnd + bitmapBytes + (1 << 20) - 1) / (1 << 20) * (1 << 20);
            w.U32(1).U64(4096).U64((ulong)headerEnd).U64((ulong)pagesOffset);
            var bitmap = new byte[bitmapBytes];
            for (int i = 0; i < pages.Length; i++)
            {
                if (pages[i] is not null)
                {
                    bitmap[i / 8] |= (byte)(1 << (i % 8));
                }
            }

            w.Bytes(bitmap).PadTo(pagesOffset);
            for (ulong i = 0; i < pageCount; i++)
            {
                // A clear bit's bytes must be ignored even when stale data sits there.
                w.Bytes(i < (ulong)pages.Length && pages[i] is { } seed ? TestPages.Page(seed) : TestPages.Page(-1 - (int)i));
            }
        }

        w.U64(0x10).U8(0x7e).U32(RamId);
        w.U8(0x03).U32(RamId).U64(0x10).U8(0x7e).U32(RamId);
        w.U8(0x04).U32(0).Counted("timer").U32(0).U32(2).U64(1).U8(0x7e).U32(0);
        w.U8(0x00);
        return w.ToArray();
    }

    /// <summary>An ELF64 core like dump-guest-memory's: a PT_NOTE, then PT_LOADs whose data starts unaligned.</summary>
    public static byte[] Elf((ulong Paddr, int?[] Pages, ulong ExtraZeroPages)[] segments, int phnum = -1)
    {
        var w = new ByteWriter { BigEndian = false };
        int count = segments.Length + 1;
        w.Bytes([0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0]).Zeros(8);
        w.U16(4).U16(62).U32(1).U64(0).U64(64).U64(0).U32(0).U16(64).U16(56).U16(phnum < 0 ? count : phnum).U16(0).U16(0).U16(0);
        long offset = 64 + (56 * count) + 0x40; // notes then data, not page aligned (QEMU's first PT_LOAD is at 0x498)
        w.U32(4).U32(0).U64((ulong)(64 + (56 * count))).U64(0).U64(0).U64(0x40).U64(0x40).U64(0);
        var dataOffsets = new List<long>();
        foreach (var (paddr, pages, extra) in segments)
        {
            ulong filesz = (ulong)pages.Length * 4096;
            w.U32(1).U32(7).U64((ulong)offset).U64(paddr + 0xffff_8000_0000_0000).U64(paddr).U64(filesz).U64(filesz + (extra * 4096)).U64(0);
            dataOffsets.Add(offset);
            offset += (long)filesz;
        }

        w.Zeros(0x40);
        foreach (var (_, pages, _) in segments)
        {
            foreach (var seed in pages)
            {
                w.Bytes(seed is { } s ? TestPages.Page(s) : new byte[4096]);
            }
        }

        return w.ToArray();
    }
}
