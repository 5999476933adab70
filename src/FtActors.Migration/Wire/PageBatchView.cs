using System.Buffers.Binary;
using FtActors.Pages;

namespace FtActors.Migration.Wire;

/// <summary>
/// Offsets into a checked batch payload (see <see cref="PageBatchCodec.Decode"/>): read types, hashes and
/// pages from the payload it was decoded from, without copying.
/// </summary>
/// <param name="FirstFrame">Guest frame of slot 0.</param>
/// <param name="Count">Slots in the batch.</param>
/// <param name="HashCount">Hashes carried (Normal and AtDestination slots).</param>
public readonly record struct PageBatchView(ulong FirstFrame, int Count, int HashCount)
{
    /// <summary>The type of slot <paramref name="slot"/>.</summary>
    public static PageType TypeAt(ReadOnlySpan<byte> payload, int slot) => (PageType)payload[PageBatchCodec.FixedBytes + slot];

    /// <summary>The <paramref name="index"/>-th hash carried (counting only slots that carry one).</summary>
    public PageHash HashAt(ReadOnlySpan<byte> payload, int index)
    {
        var at = PageBatchCodec.FixedBytes + Count + (index * 16);
        return new PageHash(BinaryPrimitives.ReadUInt64LittleEndian(payload[at..]), BinaryPrimitives.ReadUInt64LittleEndian(payload[(at + 8)..]));
    }

    /// <summary>The <paramref name="index"/>-th full page carried (counting only Normal slots).</summary>
    public ReadOnlySpan<byte> PageAt(ReadOnlySpan<byte> payload, int index) =>
        payload.Slice(PageBatchCodec.FixedBytes + Count + (HashCount * 16) + (index * PageSize.Bytes), PageSize.Bytes);
}
