namespace FtActors.TestKit;

/// <summary>One PAGE_DATA / legacy batch entry: pfn, type nibble, and the page seed (ignored for no-data types).</summary>
public readonly record struct XenEntry(ulong Pfn, int Type, int Seed);

/// <summary>Builds Xen save images from the published layouts (docs/specs in the Xen tree, restated in our reference notes), for the image reader's and the image move's tests.</summary>
public static class XenImages
{
    /// <summary>The seed that stands for an all-zero page (any other seed gives random bytes from that seed).</summary>
    public const int ZeroSeed = int.MinValue;

    /// <summary>The 4096 bytes an entry with <paramref name="seed"/> carries.</summary>
    public static byte[] Page(int seed)
    {
        var page = new byte[4096];
        if (seed != ZeroSeed)
        {
            new Random(seed).NextBytes(page);
        }

        return page;
    }

    public static bool HasData(int type) => type < 13;

    /// <summary>A libxc v2/v3 image: headers, optional PV info and p2m frames, PAGE_DATA records, optional VERIFY tail, END.</summary>
    public static byte[] Libxc(
        IReadOnlyList<XenEntry[]> batches,
        bool bigEndian = false,
        uint version = 3,
        uint domainType = 1,
        int pageShift = 12,
        ulong[]? p2mFrames = null,
        uint p2mEnd = 1023,
        XenEntry[]? verifyBatch = null)
    {
        var w = new ByteWriter { BigEndian = true };
        w.U64(ulong.MaxValue).U32(0x58454E46).U32(version).U16(bigEndian ? 1 : 0).U16(0).U32(0);
        w.BigEndian = bigEndian;
        w.U32(domainType).U16(pageShift).U16(0).U32(4).U32(19);
        if (domainType == 1)
        {
            Record(w, 0x02, b => b.U8(8).U8(4).Zeros(6));
            Record(w, 0x10, _ => { });
            var frames = p2mFrames ?? [5];
            Record(w, 0x03, b =>
            {
                b.U32(0).U32(p2mEnd);
                foreach (var f in frames)
                {
                    b.U64(f);
                }
            });
        }
        else
        {
            Record(w, 0x10, _ => { });
        }

        foreach (var batch in batches)
        {
            PageData(w, batch);
        }

        if (verifyBatch is not null)
        {
            Record(w, 0x0D, _ => { });
            PageData(w, verifyBatch);
        }

        Record(w, 0x08, b => b.U32(0).U32(1000000).U64(0).U32(0).U32(0)); // TSC info, skipped by the reader
        Record(w, 0x00, _ => { });
        return w.ToArray();
    }

    public static void PageData(ByteWriter w, XenEntry[] batch) => Record(w, 0x01, b =>
    {
        b.U32((uint)batch.Length).U32(0);
        foreach (var e in batch)
        {
            b.U64(e.Pfn | ((ulong)e.Type << 60));
        }

        foreach (var e in batch.Where(e => HasData(e.Type)))
        {
            b.Bytes(Page(e.Seed));
        }
    });

    public static void Record(ByteWriter w, uint type, Action<ByteWriter> body)
    {
        var inner = new ByteWriter { BigEndian = w.BigEndian };
        body(inner);
        var bytes = inner.ToArray();
        w.U32(type).U32((uint)bytes.Length).Bytes(bytes).PadTo8();
    }

    /// <summary>A libxl v2 stream around a libxc image, with an emulator record after it.</summary>
    public static byte[] Libxl(byte[] libxc, bool bigEndian = false)
    {
        var w = new ByteWriter { BigEndian = true };
        w.Ascii("LibxlFmt").U32(2).U32(bigEndian ? 1u : 0u);
        w.BigEndian = bigEndian;
        w.U32(1).U32(0); // LIBXC_CONTEXT
        w.Bytes(libxc);
        Record(w, 2, b => b.U32(2).U32(0).Ascii("key\0value\0"));
        Record(w, 0, _ => { });
        return w.ToArray();
    }

    /// <summary>An <c>xl save</c> file: 32-byte magic, byte-order marker, flags, JSON config, libxl stream.</summary>
    public static byte[] Xl(byte[] libxl, bool bigEndian = false, string config = "{\"c_info\":{\"name\":\"guest\"}}", uint mandatoryFlags = 3)
    {
        var w = new ByteWriter { BigEndian = bigEndian };
        w.Ascii("Xen saved domain, xl format\n \0 \r");
        w.U32(0x01020304).U32(mandatoryFlags).U32(0);
        byte[] text = System.Text.Encoding.ASCII.GetBytes(config + "\0");
        w.U32((uint)(4 + text.Length)).U32((uint)text.Length).Bytes(text);
        w.Bytes(libxl);
        return w.ToArray();
    }

    /// <summary>A 2006 <c>xm save</c> file: LinuxGuestRecord, SXP config, max_pfn, p2m frame list, batches, tail.</summary>
    public static byte[] Legacy(int wordSize, ulong maxPfn, IReadOnlyList<XenEntry[]> batches, bool extInfo = false, bool verifyTail = false, bool xendHeader = true)
    {
        var w = new ByteWriter { BigEndian = true };
        string sxp = "(domain (name guest) (memory 256) (image (linux (kernel /boot/vmlinuz))))";
        if (xendHeader)
        {
            w.Ascii("LinuxGuestRecord").U32((uint)sxp.Length).Ascii(sxp);
        }

        w.BigEndian = false;
        w.Word(wordSize, maxPfn);
        if (extInfo)
        {
            w.Word(wordSize, wordSize == 8 ? ulong.MaxValue : uint.MaxValue).U32(12).Ascii("vcpu").U32(4).U32(0xdeadbeef);
        }

        ulong perFrame = (ulong)(4096 / wordSize);
        for (ulong i = 0; i < (maxPfn + perFrame - 1) / perFrame; i++)
        {
            w.Word(wordSize, 7 + i);
        }

        foreach (var batch in batches)
        {
            LegacyBatch(w, wordSize, batch);
        }

        if (verifyTail)
        {
            w.U32(uint.MaxValue);
            LegacyBatch(w, wordSize, batches[0].Select(e => e with { Seed = e.Seed + 1000 }).ToArray());
        }

        w.U32(0); // end of memory
        w.U32(1).Word(wordSize, maxPfn - 1); // unmapped pfns
        w.Zeros(64).Zeros(4096); // vcpu context stand-in and shared_info
        return w.ToArray();
    }

    public static void LegacyBatch(ByteWriter w, int wordSize, XenEntry[] batch)
    {
        w.U32((uint)batch.Length);
        foreach (var e in batch)
        {
            w.Word(wordSize, e.Pfn | ((ulong)e.Type << 28));
        }

        foreach (var e in batch.Where(e => e.Type != 0xF))
        {
            w.Bytes(Page(e.Seed));
        }
    }
}
