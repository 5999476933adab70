using System.Buffers;
using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Text;
using FtActors.Pages;

namespace FtActors.Store;

/// <summary>
/// A manifest opened by mapping: the header and the guest directory are parsed on open (O(guests)), the
/// index and maps are read from the mapping on demand through <see cref="SafeBuffer.ReadSpan{T}"/>, so
/// no unsafe code is needed and opening costs the same for ten pages or a billion. The writer never
/// changes a manifest in place (it renames a new one over it), so a mapping stays valid while it is open.
/// </summary>
internal sealed class ManifestView : IDisposable
{
    private const int ScanChunkEntries = 32;

    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly SafeBuffer _buffer;
    private readonly long _entriesOffset;
    private uint[]? _fanout;

    private ManifestView(string path, MemoryMappedFile map, MemoryMappedViewAccessor view, long length)
    {
        Path = path;
        _map = map;
        _view = view;
        _buffer = view.SafeMemoryMappedViewHandle;
        FileLength = length;
        Span<byte> h = stackalloc byte[StoreFormat.ManifestHeaderSize];
        _buffer.ReadSpan(0, h);
        ParseHeader(h);
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
        MemoryMappedViewAccessor? view = null;
        try
        {
            view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
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
        Span<byte> h = stackalloc byte[StoreFormat.ManifestHeaderSize];
        _buffer.ReadSpan(0, h);
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
        byte[] chunk = ArrayPool<byte>.Shared.Rent(StoreFormat.ChecksumChunk);
        try
        {
            var c = new Checksum(engine);
            for (long done = 0; done < length;)
            {
                int n = (int)Math.Min(StoreFormat.ChecksumChunk, length - done);
                _buffer.ReadSpan((ulong)(offset + done), chunk.AsSpan(0, n));
                c.AddChunk(chunk.AsSpan(0, n));
                done += n;
            }

            ulong actual = c.Finish();
            if (actual != expected)
            {
                throw Corrupt(offset, $"{what} checksum {expected:x16} (from the header)", $"{actual:x16} over the {length} bytes of the {what}");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private void ParseMapsDirectory()
    {
        Span<byte> head = stackalloc byte[8];
        _buffer.ReadSpan((ulong)MapsOffset, head);
        FreeSlotCount = StoreFormat.ReadU32(head, 0);
        uint guestCount = StoreFormat.ReadU32(head, 4);
        long end = MapsOffset + MapsLength;
        long p = StoreFormat.Align8(MapsOffset + 8 + (4L * FreeSlotCount));
        if (p > end)
        {
            throw Corrupt(MapsOffset, $"{FreeSlotCount} free slots within the maps ({MapsLength} bytes)", "a list past the end of the file");
        }

        var guests = new List<GuestSlot>();
        Span<byte> gh = stackalloc byte[StoreFormat.GuestHeaderSize];
        Span<byte> name = stackalloc byte[StoreFormat.MaxGuestNameBytes];
        for (uint g = 0; g < guestCount; g++)
        {
            if (p + StoreFormat.GuestHeaderSize > end)
            {
                throw Corrupt(p, $"guest {g} of {guestCount}", "the end of the maps");
            }

            _buffer.ReadSpan((ulong)p, gh);
            int nameLength = StoreFormat.ReadU16(gh, 0);
            uint scans = StoreFormat.ReadU32(gh, 4);
            long scanTime = (long)StoreFormat.ReadU64(gh, 8);
            long count = (long)StoreFormat.ReadU64(gh, 16);
            if (nameLength is 0 or > StoreFormat.MaxGuestNameBytes || p + StoreFormat.GuestHeaderSize + nameLength > end)
            {
                throw Corrupt(p, $"a guest name of 1 to {StoreFormat.MaxGuestNameBytes} bytes", $"{nameLength} bytes");
            }

            _buffer.ReadSpan((ulong)(p + StoreFormat.GuestHeaderSize), name[..nameLength]);
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

            string guestName = Encoding.UTF8.GetString(name[..nameLength]);
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

    /// <summary>Finds the slot of <paramref name="hash"/>: one fanout read, then a short scan of one bucket.</summary>
    public bool TryFindSlot(PageHash hash, out uint slot)
    {
        uint[] fanout = _fanout ?? LoadFanout();
        ulong bucket = ManifestData.Bucket(hash, FanoutBits);
        long lo = fanout[bucket];
        long hi = fanout[bucket + 1];
        Span<byte> chunk = stackalloc byte[ScanChunkEntries * StoreFormat.IndexEntrySize];
        while (lo < hi)
        {
            int n = (int)Math.Min(ScanChunkEntries, hi - lo);
            Span<byte> part = chunk[..(n * StoreFormat.IndexEntrySize)];
            _buffer.ReadSpan((ulong)(_entriesOffset + (lo * StoreFormat.IndexEntrySize)), part);
            for (int i = 0; i < n; i++)
            {
                ReadOnlySpan<byte> e = part.Slice(i * StoreFormat.IndexEntrySize, StoreFormat.IndexEntrySize);
                ulong high = BinaryPrimitives.ReadUInt64LittleEndian(e[8..]);
                if (high == hash.High && BinaryPrimitives.ReadUInt64LittleEndian(e) == hash.Low)
                {
                    slot = BinaryPrimitives.ReadUInt32LittleEndian(e[16..]);
                    return slot < PageSlots;
                }

                if (high > hash.High)
                {
                    slot = 0;
                    return false;
                }
            }

            lo += n;
        }

        slot = 0;
        return false;
    }

    /// <summary>
    /// Reads the fanout table once, on first lookup (half a byte per page), checking that it is
    /// non-decreasing and ends at the entry count, so a lookup can never index outside the entries.
    /// </summary>
    private uint[] LoadFanout()
    {
        int count = (1 << FanoutBits) + 1;
        uint[] fanout = new uint[count];
        _buffer.ReadSpan((ulong)IndexOffset, fanout.AsSpan());
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(fanout, fanout);
        }

        uint previous = 0;
        for (int i = 0; i < count; i++)
        {
            if (fanout[i] < previous || fanout[i] > IndexCount)
            {
                throw Corrupt(IndexOffset + (4L * i), $"a non-decreasing fanout entry <= {IndexCount}", fanout[i].ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            previous = fanout[i];
        }

        if (previous != IndexCount)
        {
            throw Corrupt(IndexOffset + (4L * (count - 1)), $"the last fanout entry to equal the index count {IndexCount}", previous.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        _fanout = fanout;
        return fanout;
    }

    /// <summary>Every index entry in order, read in chunks from the mapping.</summary>
    public IEnumerable<(PageHash Hash, uint Slot, long Offset)> Entries()
    {
        byte[] chunk = new byte[4096 * StoreFormat.IndexEntrySize];
        for (long i = 0; i < IndexCount;)
        {
            int n = (int)Math.Min(4096, IndexCount - i);
            _buffer.ReadSpan((ulong)(_entriesOffset + (i * StoreFormat.IndexEntrySize)), chunk.AsSpan(0, n * StoreFormat.IndexEntrySize));
            for (int k = 0; k < n; k++)
            {
                int o = k * StoreFormat.IndexEntrySize;
                var hash = new PageHash(BinaryPrimitives.ReadUInt64LittleEndian(chunk.AsSpan(o)), BinaryPrimitives.ReadUInt64LittleEndian(chunk.AsSpan(o + 8)));
                yield return (hash, BinaryPrimitives.ReadUInt32LittleEndian(chunk.AsSpan(o + 16)), _entriesOffset + ((i + k) * StoreFormat.IndexEntrySize));
            }

            i += n;
        }
    }

    public uint[] FreeSlots()
    {
        uint[] slots = new uint[FreeSlotCount];
        _buffer.ReadSpan((ulong)(MapsOffset + 8), slots.AsSpan());
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(slots, slots);
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
        byte[] chunk = new byte[1024 * StoreFormat.MapEntrySize];
        for (long i = 0; i < guest.EntryCount;)
        {
            int n = (int)Math.Min(1024, guest.EntryCount - i);
            _buffer.ReadSpan((ulong)(guest.EntriesOffset + (i * StoreFormat.MapEntrySize)), chunk.AsSpan(0, n * StoreFormat.MapEntrySize));
            for (int k = 0; k < n; k++)
            {
                ReadOnlySpan<byte> e = chunk.AsSpan(k * StoreFormat.MapEntrySize, StoreFormat.MapEntrySize);
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
