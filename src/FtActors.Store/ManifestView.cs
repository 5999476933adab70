using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Text;
using FtActors.Pages;

namespace FtActors.Store;

/// <summary>
/// A manifest opened by mapping: the header and the guest directory are parsed on open (O(guests)), the
/// index and maps are read in place from the mapping (spans from <see cref="MappedView"/>), so opening
/// costs the same for ten pages or a billion. The writer never
/// changes a manifest in place (it renames a new one over it), so a mapping stays valid while it is open.
/// </summary>
internal sealed class ManifestView : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MappedView _view;
    private readonly long _entriesOffset;

    // The fanout table, copied out of the mapping and checked on the first lookup (the check already read all
    // of it, so the copy adds no pass), then published once with the lookup over it. 4 bytes per bucket, half a
    // byte to a byte per page: small enough to stay in the core's caches, where the mapped table cost a cache and
    // TLB miss per lookup on top of the bucket's own. A private copy cannot change under a reader, so lookups
    // need no range checks.
    private IndexLookup? _lookup;

    private ManifestView(string path, MemoryMappedFile map, MappedView view, long length)
    {
        Path = path;
        _map = map;
        _view = view;
        FileLength = length;
        ParseHeader(_view.Span(0, StoreFormat.ManifestHeaderSize));
        _entriesOffset = StoreFormat.Align8(IndexOffset + StoreFormat.FanoutBytes(FanoutBits));
    }

    public string Path { get; }

    public long FileLength { get; }

    public ushort Major { get; private set; }

    public ushort Minor { get; private set; }

    public Guid StoreId { get; private set; }

    public ulong Generation { get; private set; }

    public long CommitTimeMs { get; private set; }

    public long PageSlots { get; private set; }

    public long IndexCount { get; private set; }

    public int FanoutBits { get; private set; }

    public long IndexOffset { get; private set; }

    public long IndexLength { get; private set; }

    public long MapsOffset { get; private set; }

    public long MapsLength { get; private set; }

    public ulong IndexChecksum { get; private set; }

    public ulong MapsChecksum { get; private set; }

    public uint FreeSlotCount { get; private set; }

    public IReadOnlyList<GuestSlot> Guests { get; private set; } = [];

    /// <summary>Where one guest's map lies in the file.</summary>
    internal sealed record GuestSlot(GuestSummary Summary, long EntriesOffset, long EntryCount);

    public static ManifestView Open(string path, IPageEngine engine, bool verifyChecksums)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"{path}: cannot open the store manifest: {ex.Message}", ex);
        }

        long length = stream.Length;
        if (length < StoreFormat.ManifestHeaderSize)
        {
            stream.Dispose();
            throw new StoreCorruptException(path, 0, $"a manifest of at least {StoreFormat.ManifestHeaderSize} bytes", $"{length} bytes");
        }

        MemoryMappedFile map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        MappedView? view = null;
        try
        {
            view = new MappedView(map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read), length);
            var m = new ManifestView(path, map, view, length);
            m.CheckHeaderChecksum(engine);
            if (verifyChecksums)
            {
                m.VerifyRegion(engine, m.IndexOffset, m.IndexLength, m.IndexChecksum, "index");
                m.VerifyRegion(engine, m.MapsOffset, m.MapsLength, m.MapsChecksum, "maps");
            }

            m.ParseMapsDirectory();
            return m;
        }
        catch
        {
            view?.Dispose();
            map.Dispose();
            throw;
        }
    }

    private void ParseHeader(ReadOnlySpan<byte> h)
    {
        if (!h[..8].SequenceEqual(StoreFormat.ManifestMagic))
        {
            throw Corrupt(0, StoreFormat.Describe(StoreFormat.ManifestMagic) + " (store manifest magic)", StoreFormat.Describe(h[..8]));
        }

        Major = StoreFormat.ReadU16(h, StoreFormat.OffMajor);
        Minor = StoreFormat.ReadU16(h, StoreFormat.OffMinor);
        ushort minReaderMinor = StoreFormat.ReadU16(h, StoreFormat.OffMinReaderMinor);
        string fileVersion = StoreFormat.Version(Major, Minor);
        if (Major > StoreFormat.Major)
        {
            throw new StoreVersionException(Path, fileVersion, StoreFormat.ReaderVersion, $"major version {Major} is newer than {StoreFormat.Major}");
        }

        if (Major < StoreFormat.Major)
        {
            throw new StoreVersionException(Path, fileVersion, StoreFormat.ReaderVersion, $"major version {Major} predates the first released format");
        }

        if (minReaderMinor > StoreFormat.Minor)
        {
            throw new StoreVersionException(Path, fileVersion, StoreFormat.ReaderVersion,
                $"the file declares that readers need at least format {StoreFormat.Version(Major, minReaderMinor)}");
        }

        ushort headerSize = StoreFormat.ReadU16(h, StoreFormat.OffHeaderSize);
        if (headerSize < StoreFormat.ManifestHeaderSize)
        {
            throw Corrupt(StoreFormat.OffHeaderSize, $"header size >= {StoreFormat.ManifestHeaderSize}", headerSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        _ = headerSize;
        uint pageSize = StoreFormat.ReadU32(h, StoreFormat.OffPageSize);
        if (pageSize != StoreFormat.PageSizeBytes)
        {
            throw Corrupt(StoreFormat.OffPageSize, $"page size {StoreFormat.PageSizeBytes}", pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (h[StoreFormat.OffHashKind] != StoreFormat.HashKindXxh3_128)
        {
            throw Corrupt(StoreFormat.OffHashKind, "hash kind 1 (XXH3-128)", h[StoreFormat.OffHashKind].ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        FanoutBits = h[StoreFormat.OffFanoutBits];
        StoreId = new Guid(h.Slice(StoreFormat.OffStoreId, 16));
        Generation = StoreFormat.ReadU64(h, StoreFormat.OffGeneration);
        CommitTimeMs = (long)StoreFormat.ReadU64(h, StoreFormat.OffCommitTime);
        PageSlots = (long)StoreFormat.ReadU64(h, StoreFormat.OffPageSlots);
        IndexCount = (long)StoreFormat.ReadU64(h, StoreFormat.OffIndexCount);
        IndexOffset = (long)StoreFormat.ReadU64(h, StoreFormat.OffIndexOffset);
        IndexLength = (long)StoreFormat.ReadU64(h, StoreFormat.OffIndexLength);
        MapsOffset = (long)StoreFormat.ReadU64(h, StoreFormat.OffMapsOffset);
        MapsLength = (long)StoreFormat.ReadU64(h, StoreFormat.OffMapsLength);
        IndexChecksum = StoreFormat.ReadU64(h, StoreFormat.OffIndexChecksum);
        MapsChecksum = StoreFormat.ReadU64(h, StoreFormat.OffMapsChecksum);
    }

    private void CheckHeaderChecksum(IPageEngine engine)
    {
        ReadOnlySpan<byte> h = _view.Span(0, StoreFormat.ManifestHeaderSize);
        ulong stored = StoreFormat.ReadU64(h, StoreFormat.OffHeaderChecksum);
        ulong actual = Checksum.OfHeader(engine, h, StoreFormat.OffHeaderChecksum);
        if (stored != actual)
        {
            throw Corrupt(StoreFormat.OffHeaderChecksum, $"header checksum {actual:x16}", $"{stored:x16}");
        }

        // Only now are the header's numbers trusted enough to check against each other and the file.
        if (FanoutBits > 28)
        {
            throw Corrupt(StoreFormat.OffFanoutBits, "fanout bits <= 28", FanoutBits.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (PageSlots < 0 || PageSlots > uint.MaxValue || IndexCount < 0 || IndexCount > PageSlots)
        {
            throw Corrupt(StoreFormat.OffPageSlots, "page slots <= 2^32 and index count <= page slots", $"{PageSlots} slots, {IndexCount} entries");
        }

        long expectedIndexOffset = StoreFormat.ManifestHeaderSize;
        long entriesOffset = StoreFormat.Align8(expectedIndexOffset + StoreFormat.FanoutBytes(FanoutBits));
        long expectedIndexLength = entriesOffset - expectedIndexOffset + (IndexCount * StoreFormat.IndexEntrySize);
        if (IndexOffset != expectedIndexOffset || IndexLength != expectedIndexLength)
        {
            throw Corrupt(StoreFormat.OffIndexOffset, $"index at {expectedIndexOffset} of {expectedIndexLength} bytes", $"at {IndexOffset} of {IndexLength} bytes");
        }

        if (MapsOffset != StoreFormat.Align8(IndexOffset + IndexLength) || MapsLength < 8 || MapsOffset + MapsLength != FileLength)
        {
            throw Corrupt(StoreFormat.OffMapsOffset, $"maps from {StoreFormat.Align8(IndexOffset + IndexLength)} to the end of the file ({FileLength})",
                $"{MapsLength} bytes at {MapsOffset}");
        }
    }

    private void VerifyRegion(IPageEngine engine, long offset, long length, ulong expected, string what)
    {
        var c = new Checksum(engine);
        for (long done = 0; done < length;)
        {
            int n = (int)Math.Min(StoreFormat.ChecksumChunk, length - done);
            c.AddChunk(_view.Span(offset + done, n));
            done += n;
        }

        ulong actual = c.Finish();
        if (actual != expected)
        {
            throw Corrupt(offset, $"{what} checksum {expected:x16} (from the header)", $"{actual:x16} over the {length} bytes of the {what}");
        }
    }

    private void ParseMapsDirectory()
    {
        ReadOnlySpan<byte> head = _view.Span(MapsOffset, 8);
        FreeSlotCount = StoreFormat.ReadU32(head, 0);
        uint guestCount = StoreFormat.ReadU32(head, 4);
        long end = MapsOffset + MapsLength;
        long p = StoreFormat.Align8(MapsOffset + 8 + (4L * FreeSlotCount));
        if (p > end)
        {
            throw Corrupt(MapsOffset, $"{FreeSlotCount} free slots within the maps ({MapsLength} bytes)", "a list past the end of the file");
        }

        var guests = new List<GuestSlot>();
        for (uint g = 0; g < guestCount; g++)
        {
            if (p + StoreFormat.GuestHeaderSize > end)
            {
                throw Corrupt(p, $"guest {g} of {guestCount}", "the end of the maps");
            }

            ReadOnlySpan<byte> gh = _view.Span(p, StoreFormat.GuestHeaderSize);
            int nameLength = StoreFormat.ReadU16(gh, 0);
            uint scans = StoreFormat.ReadU32(gh, 4);
            long scanTime = (long)StoreFormat.ReadU64(gh, 8);
            long count = (long)StoreFormat.ReadU64(gh, 16);
            if (nameLength is 0 or > StoreFormat.MaxGuestNameBytes || p + StoreFormat.GuestHeaderSize + nameLength > end)
            {
                throw Corrupt(p, $"a guest name of 1 to {StoreFormat.MaxGuestNameBytes} bytes", $"{nameLength} bytes");
            }

            ReadOnlySpan<byte> name = _view.Span(p + StoreFormat.GuestHeaderSize, nameLength);
            long entries = StoreFormat.Align8(p + StoreFormat.GuestHeaderSize + nameLength);
            if (count < 0 || count > (end - entries) / StoreFormat.MapEntrySize)
            {
                throw Corrupt(p + 16, $"at most {(end - entries) / StoreFormat.MapEntrySize} map entries", count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            long selected = (long)StoreFormat.ReadU64(gh, 24);
            if (selected < 0 || selected > count)
            {
                throw Corrupt(p + 24, $"a selected count between 0 and {count}", selected.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            string guestName = Encoding.UTF8.GetString(name);
            guests.Add(new GuestSlot(new GuestSummary(guestName, scans, SafeTime(scanTime), count, selected), entries, count));
            p = entries + (count * StoreFormat.MapEntrySize);
        }

        if (p != end)
        {
            throw Corrupt(p, $"the maps to end at {end}", $"they end at {p}");
        }

        Guests = guests;
    }

    private static DateTimeOffset SafeTime(long ms) =>
        ms >= 0 && ms <= 253402300799999 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : DateTimeOffset.UnixEpoch;

    /// <summary>Finds the slot of <paramref name="hash"/>: two values of the fanout copy, then a short scan of one bucket.</summary>
    public bool TryFindSlot(PageHash hash, out uint slot) => (Volatile.Read(ref _lookup) ?? LoadLookup()).TryFind(hash, out slot);

    /// <summary>Looks up many hashes with prefetching across the batch (see <see cref="IndexLookup.FindMany"/>).</summary>
    public int FindMany(ReadOnlySpan<PageHash> hashes, Span<bool> held) => (Volatile.Read(ref _lookup) ?? LoadLookup()).FindMany(hashes, held);

    /// <summary>
    /// Copies the fanout table out of the mapping, checking that it is non-decreasing and ends at the entry
    /// count, and publishes a lookup over it. Runs on the first lookup (half a byte to a byte per page), so open
    /// stays O(1); two threads racing here build equal lookups and either may win.
    /// </summary>
    private IndexLookup LoadLookup()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("the index lookup reads the little-endian entries in native byte order");
        }

        int count = (1 << FanoutBits) + 1;
        ReadOnlySpan<byte> bytes = _view.Span(IndexOffset, count * 4);
        uint[] fanout = IndexLookup.AllocateFanout(count);
        uint previous = 0;
        for (int i = 0; i < count; i++)
        {
            uint value = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(i * 4)..]);
            if (value < previous || value > IndexCount)
            {
                throw Corrupt(IndexOffset + (4L * i), $"a non-decreasing fanout entry <= {IndexCount}", value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            fanout[i] = value;
            previous = value;
        }

        if (previous != IndexCount)
        {
            throw Corrupt(IndexOffset + (4L * (count - 1)), $"the last fanout entry to equal the index count {IndexCount}", previous.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        IndexLookup lookup;
        unsafe
        {
            // Safety: Pointer checks that the n entries lie inside the mapping; IndexLookup documents why its reads stay in them.
            lookup = new IndexLookup(fanout, _view.Pointer(_entriesOffset, IndexCount * StoreFormat.IndexEntrySize), FanoutBits, PageSlots);
        }

        Volatile.Write(ref _lookup, lookup);
        return lookup;
    }

    /// <summary>Every index entry in order, read in chunks from the mapping.</summary>
    public IEnumerable<(PageHash Hash, uint Slot, long Offset)> Entries()
    {
        for (long i = 0; i < IndexCount; i++)
        {
            long offset = _entriesOffset + (i * StoreFormat.IndexEntrySize);
            ReadOnlySpan<byte> e = _view.Span(offset, StoreFormat.IndexEntrySize);
            var hash = new PageHash(BinaryPrimitives.ReadUInt64LittleEndian(e), BinaryPrimitives.ReadUInt64LittleEndian(e[8..]));
            yield return (hash, BinaryPrimitives.ReadUInt32LittleEndian(e[16..]), offset);
        }
    }

    public uint[] FreeSlots()
    {
        uint[] slots = new uint[FreeSlotCount];
        ReadOnlySpan<byte> bytes = _view.Span(MapsOffset + 8, (int)(4L * FreeSlotCount));
        for (int i = 0; i < slots.Length; i++)
        {
            slots[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(i * 4)..]);
        }

        return slots;
    }

    /// <summary>Reads one guest's map; unknown flag bits are corruption (a newer writer would bump the minor).</summary>
    public GuestMapEntry[] ReadMap(GuestSlot guest)
    {
        if (guest.EntryCount > Array.MaxLength)
        {
            throw Corrupt(guest.EntriesOffset, "a map this reader can hold in memory", $"{guest.EntryCount} entries");
        }

        var result = new GuestMapEntry[guest.EntryCount];
        for (long i = 0; i < guest.EntryCount;)
        {
            int n = (int)Math.Min(1024, guest.EntryCount - i);
            ReadOnlySpan<byte> chunk = _view.Span(guest.EntriesOffset + (i * StoreFormat.MapEntrySize), n * StoreFormat.MapEntrySize);
            for (int k = 0; k < n; k++)
            {
                ReadOnlySpan<byte> e = chunk.Slice(k * StoreFormat.MapEntrySize, StoreFormat.MapEntrySize);
                uint flags = StoreFormat.ReadU32(e, 28);
                if ((flags & ~StoreFormat.MapFlagSelected) != 0)
                {
                    throw Corrupt(guest.EntriesOffset + ((i + k) * StoreFormat.MapEntrySize) + 28, "map flags 0 or 1", flags.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                result[i + k] = new GuestMapEntry(
                    StoreFormat.ReadU64(e, 0),
                    new PageHash(StoreFormat.ReadU64(e, 8), StoreFormat.ReadU64(e, 16)),
                    StoreFormat.ReadU32(e, 24),
                    (flags & StoreFormat.MapFlagSelected) != 0);
            }

            i += n;
        }

        return result;
    }

    public StoreCorruptException Corrupt(long offset, string expected, string found) => new(Path, offset, expected, found);

    public void Dispose()
    {
        _view.Dispose();
        _map.Dispose();
    }
}
