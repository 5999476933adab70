using System.Buffers.Binary;
using System.Text;
using FtActors.Pages;

namespace FtActors.Store;

/// <summary>
/// The writer's in-memory picture of a manifest: index (hash to slot), free slots and guest maps. It is
/// loaded whole from the current manifest, changed, and serialised whole into the next one.
/// </summary>
internal sealed class ManifestData
{
    public Guid StoreId { get; set; }

    public ulong Generation { get; set; }

    public long PageSlots { get; set; }

    public Dictionary<PageHash, uint> Index { get; } = [];

    public SortedSet<uint> FreeSlots { get; } = [];

    public SortedDictionary<string, GuestData> Guests { get; } = new(StringComparer.Ordinal);

    internal sealed class GuestData
    {
        public required string Name { get; init; }

        public uint Scans { get; set; }

        public long ScanTimeMs { get; set; }

        public GuestMapEntry[] Entries { get; set; } = [];
    }

    /// <summary>Lays the manifest out exactly as docs/format.md describes.</summary>
    public byte[] Serialize(IPageEngine engine, long commitTimeMs)
    {
        int count = Index.Count;
        var keys = GC.AllocateUninitializedArray<PageHash>(count);
        var slots = GC.AllocateUninitializedArray<uint>(count);
        int n = 0;
        foreach (KeyValuePair<PageHash, uint> kv in Index)
        {
            keys[n] = kv.Key;
            slots[n++] = kv.Value;
        }

        // The sort's bucket counts are the fanout table itself (fanout[b]: first entry whose bucket is >= b;
        // fanout[2^bits]: the entry count).
        int bits = StoreFormat.FanoutBits(count);
        uint[] fanoutTable = new uint[(1 << bits) + 1];
        HashSort.Sort(keys, slots, bits, fanoutTable);
        long fanoutBytes = StoreFormat.FanoutBytes(bits);
        long indexOffset = StoreFormat.ManifestHeaderSize;
        long entriesOffset = StoreFormat.Align8(indexOffset + fanoutBytes);
        long indexLength = entriesOffset - indexOffset + ((long)count * StoreFormat.IndexEntrySize);
        long mapsOffset = StoreFormat.Align8(indexOffset + indexLength);

        long mapsLength = StoreFormat.Align8(8 + (4L * FreeSlots.Count));
        foreach (GuestData g in Guests.Values)
        {
            mapsLength += StoreFormat.Align8(StoreFormat.GuestHeaderSize + Encoding.UTF8.GetByteCount(g.Name));
            mapsLength += (long)g.Entries.Length * StoreFormat.MapEntrySize;
        }

        long total = mapsOffset + mapsLength;
        if (total > Array.MaxLength)
        {
            throw new StoreException($"manifest would be {total} bytes; this writer builds manifests of at most {Array.MaxLength} bytes");
        }

        byte[] file = new byte[total];
        Span<byte> span = file;

        Span<byte> fanout = span.Slice((int)indexOffset, (int)fanoutBytes);
        for (int b = 0; b < fanoutTable.Length; b++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(fanout[(b * 4)..], fanoutTable[b]);
        }

        for (int i = 0; i < count; i++)
        {
            Span<byte> entry = span.Slice((int)entriesOffset + (i * StoreFormat.IndexEntrySize), StoreFormat.IndexEntrySize);
            BinaryPrimitives.WriteUInt64LittleEndian(entry, keys[i].Low);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[8..], keys[i].High);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[16..], slots[i]);
        }

        int p = (int)mapsOffset;
        BinaryPrimitives.WriteUInt32LittleEndian(span[p..], (uint)FreeSlots.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(p + 4)..], (uint)Guests.Count);
        p += 8;
        foreach (uint slot in FreeSlots)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[p..], slot);
            p += 4;
        }

        p = (int)StoreFormat.Align8(p);
        foreach (GuestData g in Guests.Values)
        {
            int nameLength = Encoding.UTF8.GetBytes(g.Name, span[(p + StoreFormat.GuestHeaderSize)..]);
            BinaryPrimitives.WriteUInt16LittleEndian(span[p..], (ushort)nameLength);
            BinaryPrimitives.WriteUInt32LittleEndian(span[(p + 4)..], g.Scans);
            BinaryPrimitives.WriteInt64LittleEndian(span[(p + 8)..], g.ScanTimeMs);
            BinaryPrimitives.WriteInt64LittleEndian(span[(p + 16)..], g.Entries.Length);
            BinaryPrimitives.WriteInt64LittleEndian(span[(p + 24)..], g.Entries.Count(static e => e.Selected));
            p = (int)StoreFormat.Align8(p + StoreFormat.GuestHeaderSize + nameLength);
            foreach (GuestMapEntry m in g.Entries)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(span[p..], m.Frame);
                BinaryPrimitives.WriteUInt64LittleEndian(span[(p + 8)..], m.Hash.Low);
                BinaryPrimitives.WriteUInt64LittleEndian(span[(p + 16)..], m.Hash.High);
                BinaryPrimitives.WriteUInt32LittleEndian(span[(p + 24)..], m.StableScans);
                BinaryPrimitives.WriteUInt32LittleEndian(span[(p + 28)..], m.Selected ? StoreFormat.MapFlagSelected : 0);
                p += StoreFormat.MapEntrySize;
            }
        }

        Span<byte> h = span[..StoreFormat.ManifestHeaderSize];
        StoreFormat.ManifestMagic.CopyTo(h);
        BinaryPrimitives.WriteUInt16LittleEndian(h[StoreFormat.OffMajor..], StoreFormat.Major);
        BinaryPrimitives.WriteUInt16LittleEndian(h[StoreFormat.OffMinor..], StoreFormat.Minor);
        BinaryPrimitives.WriteUInt16LittleEndian(h[StoreFormat.OffMinReaderMinor..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(h[StoreFormat.OffHeaderSize..], StoreFormat.ManifestHeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(h[StoreFormat.OffPageSize..], StoreFormat.PageSizeBytes);
        h[StoreFormat.OffHashKind] = StoreFormat.HashKindXxh3_128;
        h[StoreFormat.OffFanoutBits] = (byte)bits;
        StoreId.TryWriteBytes(h[StoreFormat.OffStoreId..]);
        BinaryPrimitives.WriteUInt64LittleEndian(h[StoreFormat.OffGeneration..], Generation);
        BinaryPrimitives.WriteInt64LittleEndian(h[StoreFormat.OffCommitTime..], commitTimeMs);
        BinaryPrimitives.WriteInt64LittleEndian(h[StoreFormat.OffPageSlots..], PageSlots);
        BinaryPrimitives.WriteInt64LittleEndian(h[StoreFormat.OffIndexCount..], count);
        BinaryPrimitives.WriteInt64LittleEndian(h[StoreFormat.OffIndexOffset..], indexOffset);
        BinaryPrimitives.WriteInt64LittleEndian(h[StoreFormat.OffIndexLength..], indexLength);
        BinaryPrimitives.WriteInt64LittleEndian(h[StoreFormat.OffMapsOffset..], mapsOffset);
        BinaryPrimitives.WriteInt64LittleEndian(h[StoreFormat.OffMapsLength..], mapsLength);
        BinaryPrimitives.WriteUInt64LittleEndian(h[StoreFormat.OffIndexChecksum..], Checksum.Of(engine, span.Slice((int)indexOffset, (int)indexLength)));
        BinaryPrimitives.WriteUInt64LittleEndian(h[StoreFormat.OffMapsChecksum..], Checksum.Of(engine, span.Slice((int)mapsOffset, (int)mapsLength)));
        BinaryPrimitives.WriteUInt64LittleEndian(h[StoreFormat.OffHeaderChecksum..], Checksum.OfHeader(engine, h, StoreFormat.OffHeaderChecksum));
        return file;
    }

    /// <summary>Index order: by the high half (whose top bits pick the fanout bucket), then the low half.</summary>
    public static int CompareHash(PageHash a, PageHash b)
    {
        int c = a.High.CompareTo(b.High);
        return c != 0 ? c : a.Low.CompareTo(b.Low);
    }

    public static ulong Bucket(PageHash h, int bits) => bits == 0 ? 0 : h.High >> (64 - bits);
}
