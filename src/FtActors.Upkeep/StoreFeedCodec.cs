using System.Buffers;
using System.Buffers.Binary;
using FtActors.Migration.Wire;
using FtActors.Pages;
using FtActors.Store;

namespace FtActors.Upkeep;

/// <summary>
/// The sans-IO codec of a store feed: the page-connection frame layout of FtActors.Migration.Wire
/// (<c>u32 length | 'F' 'P' | u8 version | u8 type | u64 correlation | payload</c>) restricted to the feed's
/// frame types (32-39), plus the binary payloads. The migration codec accepts only its own types 1-13, so
/// a feed and a migration stream can never be mistaken for each other; this reader is the feed's twin of it.
/// Every check happens before any allocation and names what was expected, what was found and the offset.
/// </summary>
public static class StoreFeedCodec
{
    /// <summary>Bytes of one guest-map entry: u64 frame, 16-byte hash, u32 stable scans, u8 flags (1 = selected).</summary>
    public const int MapEntryBytes = 29;

    /// <summary>Most pages in one FeedPages frame (1024, as a migration batch: 4.2 MB, under the 8 MiB frame limit).</summary>
    public const int MaxPagesPerFrame = PageSize.BatchPages;

    /// <summary>Most hashes in one FeedHeld frame.</summary>
    public const int MaxHashesPerFrame = 65_536;

    /// <summary>Most entries in one FeedMap frame.</summary>
    public const int MaxMapEntriesPerFrame = 65_536;

    private const byte FirstType = (byte)PageFrameType.FeedHello;
    private const byte LastType = (byte)PageFrameType.FeedAbort;

    /// <summary>Writes one frame into <paramref name="writer"/>.</summary>
    public static void Write(IBufferWriter<byte> writer, PageFrameType type, ulong correlation, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if ((byte)type is < FirstType or > LastType)
        {
            throw new ArgumentException($"a store-feed frame type ({FirstType}-{LastType}) was expected, found {type}", nameof(type));
        }

        PageFrameCodec.Write(writer, type, correlation, payload);
    }

    /// <summary>
    /// Takes one whole frame off the front of <paramref name="buffer"/>; false (buffer untouched) while it is incomplete.
    /// Ownership: the caller disposes the returned frame.
    /// </summary>
    /// <exception cref="UpkeepException">Bad length, magic, version or type, with the stream offset.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, long streamOffset, out FeedFrame? frame)
    {
        frame = null;
        int have = (int)Math.Min(buffer.Length, PageFrameCodec.HeaderBytes);
        Span<byte> header = stackalloc byte[PageFrameCodec.HeaderBytes];
        buffer.Slice(0, have).CopyTo(header);
        long payload = CheckHeader(header[..have], streamOffset);
        if (have < PageFrameCodec.HeaderBytes || buffer.Length < PageFrameCodec.HeaderBytes + payload)
        {
            return false;
        }

        var type = (PageFrameType)header[7];
        ulong correlation = BinaryPrimitives.ReadUInt64LittleEndian(header[8..]);
        byte[] bytes = new byte[payload];
        buffer.Slice(PageFrameCodec.HeaderBytes, payload).CopyTo(bytes);
        frame = new FeedFrame(type, correlation, bytes);
        buffer = buffer.Slice(PageFrameCodec.HeaderBytes + payload);
        return true;
    }

    private static long CheckHeader(ReadOnlySpan<byte> h, long offset)
    {
        long payload = -1;
        if (h.Length >= 4)
        {
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(h);
            if (length < PageFrameCodec.HeaderBytes - 4 || length - (PageFrameCodec.HeaderBytes - 4) > PageFrameCodec.MaxPayload)
            {
                throw Bad($"a frame length between {PageFrameCodec.HeaderBytes - 4} and {PageFrameCodec.MaxPayload + PageFrameCodec.HeaderBytes - 4}", $"{length}", offset);
            }

            payload = length - (PageFrameCodec.HeaderBytes - 4);
        }

        if (h.Length >= 5 && h[4] != (byte)'F')
        {
            throw Bad("magic byte 'F' (0x46)", $"0x{h[4]:x2}", offset + 4);
        }

        if (h.Length >= 6 && h[5] != (byte)'P')
        {
            throw Bad("magic byte 'P' (0x50)", $"0x{h[5]:x2}", offset + 5);
        }

        if (h.Length >= 7 && h[6] != PageFrameCodec.Version)
        {
            throw Bad($"protocol version {PageFrameCodec.Version}", $"version {h[6]}", offset + 6);
        }

        if (h.Length >= 8 && h[7] is < FirstType or > LastType)
        {
            throw Bad($"a store-feed frame type between {FirstType} and {LastType}", $"type {h[7]}", offset + 7);
        }

        return payload;
    }

    /// <summary>Encodes a FeedPages payload: u32 count, then count x (16-byte hash, 4096-byte page).</summary>
    public static byte[] EncodePages(ReadOnlySpan<PageHash> hashes, ReadOnlySpan<byte> pages)
    {
        if (hashes.Length > MaxPagesPerFrame || pages.Length != hashes.Length * PageSize.Bytes)
        {
            throw new ArgumentException($"up to {MaxPagesPerFrame} hashes with 4096 bytes each were expected, found {hashes.Length} hashes and {pages.Length} bytes", nameof(pages));
        }

        const int each = 16 + PageSize.Bytes;
        byte[] payload = new byte[4 + (hashes.Length * each)];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, (uint)hashes.Length);
        for (int i = 0; i < hashes.Length; i++)
        {
            int p = 4 + (i * each);
            WriteHash(payload.AsSpan(p), hashes[i]);
            pages.Slice(i * PageSize.Bytes, PageSize.Bytes).CopyTo(payload.AsSpan(p + 16));
        }

        return payload;
    }

    /// <summary>Decodes a FeedPages payload into hashes and contiguous page bytes (not yet verified against the hashes).</summary>
    /// <exception cref="UpkeepException">Count out of range or the length does not match it.</exception>
    public static (PageHash[] Hashes, byte[] Pages) DecodePages(ReadOnlySpan<byte> payload)
    {
        const int each = 16 + PageSize.Bytes;
        int count = ReadCount(payload, MaxPagesPerFrame, each, "FeedPages");
        var hashes = new PageHash[count];
        byte[] pages = new byte[count * PageSize.Bytes];
        for (int i = 0; i < count; i++)
        {
            int p = 4 + (i * each);
            hashes[i] = ReadHash(payload[p..]);
            payload.Slice(p + 16, PageSize.Bytes).CopyTo(pages.AsSpan(i * PageSize.Bytes));
        }

        return (hashes, pages);
    }

    /// <summary>Encodes a FeedHeld payload: the hashes back to back.</summary>
    public static byte[] EncodeHashes(ReadOnlySpan<PageHash> hashes)
    {
        if (hashes.Length > MaxHashesPerFrame)
        {
            throw new ArgumentException($"up to {MaxHashesPerFrame} hashes were expected, found {hashes.Length}", nameof(hashes));
        }

        byte[] payload = new byte[hashes.Length * 16];
        for (int i = 0; i < hashes.Length; i++)
        {
            WriteHash(payload.AsSpan(i * 16), hashes[i]);
        }

        return payload;
    }

    /// <summary>Decodes a FeedHeld payload.</summary>
    /// <exception cref="UpkeepException">The length is not a multiple of 16 or exceeds the limit.</exception>
    public static PageHash[] DecodeHashes(ReadOnlySpan<byte> payload)
    {
        if (payload.Length % 16 != 0 || payload.Length / 16 > MaxHashesPerFrame)
        {
            throw Bad($"a FeedHeld payload of a multiple of 16 bytes up to {MaxHashesPerFrame * 16}", $"{payload.Length} bytes", PageFrameCodec.HeaderBytes);
        }

        var hashes = new PageHash[payload.Length / 16];
        for (int i = 0; i < hashes.Length; i++)
        {
            hashes[i] = ReadHash(payload[(i * 16)..]);
        }

        return hashes;
    }

    /// <summary>Encodes a FeedMap payload: u32 count, then count x 29-byte entries.</summary>
    public static byte[] EncodeMap(ReadOnlySpan<GuestMapEntry> entries)
    {
        if (entries.Length > MaxMapEntriesPerFrame)
        {
            throw new ArgumentException($"up to {MaxMapEntriesPerFrame} entries were expected, found {entries.Length}", nameof(entries));
        }

        byte[] payload = new byte[4 + (entries.Length * MapEntryBytes)];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, (uint)entries.Length);
        for (int i = 0; i < entries.Length; i++)
        {
            Span<byte> p = payload.AsSpan(4 + (i * MapEntryBytes));
            BinaryPrimitives.WriteUInt64LittleEndian(p, entries[i].Frame);
            WriteHash(p[8..], entries[i].Hash);
            BinaryPrimitives.WriteUInt32LittleEndian(p[24..], entries[i].StableScans);
            p[28] = entries[i].Selected ? (byte)1 : (byte)0;
        }

        return payload;
    }

    /// <summary>Decodes a FeedMap payload.</summary>
    /// <exception cref="UpkeepException">Count or length wrong, or a flags byte other than 0 or 1.</exception>
    public static GuestMapEntry[] DecodeMap(ReadOnlySpan<byte> payload)
    {
        int count = ReadCount(payload, MaxMapEntriesPerFrame, MapEntryBytes, "FeedMap");
        var entries = new GuestMapEntry[count];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> p = payload.Slice(4 + (i * MapEntryBytes), MapEntryBytes);
            if (p[28] > 1)
            {
                throw Bad("a map flags byte of 0 or 1", $"0x{p[28]:x2}", PageFrameCodec.HeaderBytes + 4 + (i * MapEntryBytes) + 28);
            }

            entries[i] = new GuestMapEntry(BinaryPrimitives.ReadUInt64LittleEndian(p), ReadHash(p[8..]), BinaryPrimitives.ReadUInt32LittleEndian(p[24..]), p[28] == 1);
        }

        return entries;
    }

    /// <summary>Encodes a FeedMapEnd payload: u32 scans, i64 scan time (Unix ms).</summary>
    public static byte[] EncodeMapEnd(uint scans, DateTimeOffset at)
    {
        byte[] payload = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, scans);
        BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(4), at.ToUnixTimeMilliseconds());
        return payload;
    }

    /// <summary>Decodes a FeedMapEnd payload.</summary>
    /// <exception cref="UpkeepException">Not 12 bytes, or a time outside what a date can hold.</exception>
    public static (uint Scans, DateTimeOffset At) DecodeMapEnd(ReadOnlySpan<byte> payload)
    {
        if (payload.Length != 12)
        {
            throw Bad("a FeedMapEnd payload of 12 bytes", $"{payload.Length} bytes", PageFrameCodec.HeaderBytes);
        }

        long ms = BinaryPrimitives.ReadInt64LittleEndian(payload[4..]);
        if (ms < 0 || ms > 253_402_300_799_999)
        {
            throw Bad("a scan time between 1970 and 9999 (Unix ms)", $"{ms}", PageFrameCodec.HeaderBytes + 4);
        }

        return (BinaryPrimitives.ReadUInt32LittleEndian(payload), DateTimeOffset.FromUnixTimeMilliseconds(ms));
    }

    private static int ReadCount(ReadOnlySpan<byte> payload, int max, int each, string what)
    {
        if (payload.Length < 4)
        {
            throw Bad($"a {what} payload of at least 4 bytes", $"{payload.Length} bytes", PageFrameCodec.HeaderBytes);
        }

        uint count = BinaryPrimitives.ReadUInt32LittleEndian(payload);
        if (count > max)
        {
            throw Bad($"a {what} count of at most {max}", $"{count}", PageFrameCodec.HeaderBytes);
        }

        if (payload.Length != 4 + ((long)count * each))
        {
            throw Bad($"a {what} payload of {4 + ((long)count * each)} bytes for {count} entries", $"{payload.Length} bytes", PageFrameCodec.HeaderBytes);
        }

        return (int)count;
    }

    private static void WriteHash(Span<byte> dest, PageHash hash)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(dest, hash.Low);
        BinaryPrimitives.WriteUInt64LittleEndian(dest[8..], hash.High);
    }

    private static PageHash ReadHash(ReadOnlySpan<byte> src) =>
        new(BinaryPrimitives.ReadUInt64LittleEndian(src), BinaryPrimitives.ReadUInt64LittleEndian(src[8..]));

    private static UpkeepException Bad(string expected, string found, long offset) =>
        new($"store feed: expected {expected}, found {found} at stream offset {offset}");
}
