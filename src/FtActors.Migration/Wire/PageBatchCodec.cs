using System.Buffers.Binary;
using FtActors.Pages;

namespace FtActors.Migration.Wire;

/// <summary>
/// The payload of a <see cref="PageFrameType.Batch"/> frame:
/// <c>u64 first frame | u16 count | u8 type[count] | hash[16] per Normal or AtDestination slot | page[4096] per Normal slot</c>.
/// Types: Normal (0) sent in full, Zero (1) not sent, NotPresent (3) unchanged since the last round,
/// AtDestination (4) a reference into the receiver's store. Every hash is XXH3-128, low half first, little endian.
/// </summary>
public static class PageBatchCodec
{
    /// <summary>Bytes before the type array.</summary>
    public const int FixedBytes = 10;

    /// <summary>Bytes one batch payload needs for these types.</summary>
    public static int PayloadSize(ReadOnlySpan<PageType> types)
    {
        int hashes = 0, pages = 0;
        foreach (var t in types)
        {
            if (t == PageType.Normal)
            {
                pages++;
                hashes++;
            }
            else if (t == PageType.AtDestination)
            {
                hashes++;
            }
        }

        return FixedBytes + types.Length + (hashes * 16) + (pages * PageSize.Bytes);
    }

    /// <summary>
    /// Encodes one batch into <paramref name="payload"/> (exactly <see cref="PayloadSize"/> bytes).
    /// <paramref name="pages"/> holds one page per type slot; only Normal slots are copied.
    /// </summary>
    public static int Encode(ulong firstFrame, ReadOnlySpan<PageType> types, ReadOnlySpan<PageHash> hashes, ReadOnlySpan<byte> pages, Span<byte> payload)
    {
        if (types.Length is 0 or > PageSize.BatchPages || hashes.Length != types.Length || pages.Length < (long)types.Length * PageSize.Bytes)
        {
            throw new ArgumentException($"a batch of 1 to {PageSize.BatchPages} pages with one hash and one page per type was expected, found {types.Length} types, {hashes.Length} hashes, {pages.Length} page bytes");
        }

        BinaryPrimitives.WriteUInt64LittleEndian(payload, firstFrame);
        BinaryPrimitives.WriteUInt16LittleEndian(payload[8..], (ushort)types.Length);
        var at = FixedBytes;
        for (var i = 0; i < types.Length; i++)
        {
            payload[at++] = (byte)types[i];
        }

        for (var i = 0; i < types.Length; i++)
        {
            if (types[i] is PageType.Normal or PageType.AtDestination)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(payload[at..], hashes[i].Low);
                BinaryPrimitives.WriteUInt64LittleEndian(payload[(at + 8)..], hashes[i].High);
                at += 16;
            }
        }

        for (var i = 0; i < types.Length; i++)
        {
            if (types[i] == PageType.Normal)
            {
                pages.Slice(i * PageSize.Bytes, PageSize.Bytes).CopyTo(payload[at..]);
                at += PageSize.Bytes;
            }
        }

        return at;
    }

    /// <summary>
    /// Checks a batch payload completely (count, every type, exact length) and returns a view over it.
    /// <paramref name="frameCount"/> is the guest's page count: a batch reaching past it is refused.
    /// </summary>
    /// <exception cref="PageProtocolException">Any field is out of range; the message names it and its payload offset.</exception>
    public static PageBatchView Decode(ReadOnlySpan<byte> payload, long frameCount)
    {
        if (payload.Length < FixedBytes)
        {
            throw new PageProtocolException($"a batch payload of at least {FixedBytes} bytes", $"{payload.Length} bytes", 0);
        }

        var first = BinaryPrimitives.ReadUInt64LittleEndian(payload);
        int count = BinaryPrimitives.ReadUInt16LittleEndian(payload[8..]);
        if (count is 0 or > PageSize.BatchPages)
        {
            throw new PageProtocolException($"a page count of 1 to {PageSize.BatchPages}", $"{count}", 8);
        }

        if (first >= (ulong)frameCount || (ulong)count > (ulong)frameCount - first)
        {
            throw new PageProtocolException($"frames inside the guest's {frameCount} pages", $"frames {first}..{first + (ulong)count - 1}", 0);
        }

        if (payload.Length < FixedBytes + count)
        {
            throw new PageProtocolException($"{count} type bytes", $"{payload.Length - FixedBytes}", FixedBytes);
        }

        int hashes = 0, pages = 0;
        for (var i = 0; i < count; i++)
        {
            var t = payload[FixedBytes + i];
            switch ((PageType)t)
            {
                case PageType.Normal:
                    hashes++;
                    pages++;
                    break;
                case PageType.AtDestination:
                    hashes++;
                    break;
                case PageType.Zero:
                case PageType.NotPresent:
                    break;
                default:
                    throw new PageProtocolException("page type 0 (normal), 1 (zero), 3 (unchanged) or 4 (at destination)", $"type {t}", FixedBytes + i);
            }
        }

        long expected = FixedBytes + count + (hashes * 16L) + (pages * (long)PageSize.Bytes);
        if (payload.Length != expected)
        {
            throw new PageProtocolException($"a batch payload of {expected} bytes for its types", $"{payload.Length} bytes", 0);
        }

        return new PageBatchView(first, count, hashes);
    }
}
