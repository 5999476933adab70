using System.Buffers.Binary;
using System.Text;

namespace FtActors.Store;

/// <summary>
/// Constants of the on-disk format (docs/format.md is the byte-by-byte description). Every integer is
/// little-endian. A store is a directory with two files: the append-only page area and the manifest
/// (header, index, free slots, guest maps), which is only ever replaced whole by an atomic rename.
/// </summary>
internal static class StoreFormat
{
    public const ushort Major = 1;
    public const ushort Minor = 0;
    public const string ReaderVersion = "1.0";

    public const string ManifestFileName = "manifest.fts";
    public const string ManifestTempFileName = "manifest.fts.tmp";
    public const string PagesFileName = "pages.ftp";

    public const int ManifestHeaderSize = 128;
    public const int PagesHeaderSize = 4096;
    public const int PageSizeBytes = 4096;
    public const byte HashKindXxh3_128 = 1;
    public const int IndexEntrySize = 20;
    public const int MapEntrySize = 32;
    public const int GuestHeaderSize = 32;
    public const int MaxGuestNameBytes = 255;
    public const uint MapFlagSelected = 1;

    /// <summary>Region checksums hash the region in chunks of this size, then hash the chunk digests.</summary>
    public const int ChecksumChunk = 1 << 20;

    public static ReadOnlySpan<byte> ManifestMagic => "FTSTORE\0"u8;
    public static ReadOnlySpan<byte> PagesMagic => "FTPAGES\0"u8;

    // Manifest header field offsets.
    public const int OffMajor = 8;
    public const int OffMinor = 10;
    public const int OffMinReaderMinor = 12;
    public const int OffHeaderSize = 14;
    public const int OffPageSize = 16;
    public const int OffHashKind = 20;
    public const int OffFanoutBits = 21;
    public const int OffStoreId = 24;
    public const int OffGeneration = 40;
    public const int OffCommitTime = 48;
    public const int OffPageSlots = 56;
    public const int OffIndexCount = 64;
    public const int OffIndexOffset = 72;
    public const int OffIndexLength = 80;
    public const int OffMapsOffset = 88;
    public const int OffMapsLength = 96;
    public const int OffIndexChecksum = 104;
    public const int OffMapsChecksum = 112;
    public const int OffHeaderChecksum = 120;

    // Pages file header field offsets.
    public const int PagesOffMajor = 8;
    public const int PagesOffMinor = 10;
    public const int PagesOffPageSize = 12;
    public const int PagesOffStoreId = 16;
    public const int PagesOffChecksum = 32;

    /// <summary>Byte offset of page slot <paramref name="slot"/> in the pages file.</summary>
    public static long SlotOffset(long slot) => PagesHeaderSize + (slot * PageSizeBytes);

    /// <summary>
    /// Fanout bits for an index of <paramref name="count"/> entries: about 8 entries per bucket, so the
    /// fanout table costs half a byte per page and a lookup scans one short run of entries.
    /// </summary>
    public static int FanoutBits(long count)
    {
        int bits = 0;
        while (bits < 28 && (1L << (bits + 3)) < count)
        {
            bits++;
        }

        return bits;
    }

    public static long FanoutBytes(int bits) => ((1L << bits) + 1) * 4;

    public static long Align8(long value) => (value + 7) & ~7L;

    public static string Version(ushort major, ushort minor) => $"{major}.{minor}";

    public static string Describe(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder();
        foreach (byte b in bytes)
        {
            sb.Append(b >= 0x20 && b < 0x7f ? (char)b : '.');
        }

        return $"\"{sb}\" ({Convert.ToHexString(bytes)})";
    }

    public static ulong ReadU64(ReadOnlySpan<byte> s, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(s[offset..]);

    public static uint ReadU32(ReadOnlySpan<byte> s, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(s[offset..]);

    public static ushort ReadU16(ReadOnlySpan<byte> s, int offset) => BinaryPrimitives.ReadUInt16LittleEndian(s[offset..]);
}
