using System.Buffers;
using System.Buffers.Binary;
using FtActors.Pages;

namespace FtActors.Store;

/// <summary>
/// The region checksum of the format: XXH3-128 of each 1 MiB chunk, then XXH3-128 of those digests laid
/// end to end (low half first); the low 64 bits are stored. Chunking lets a mapped region be checked
/// without one contiguous span of its whole length.
/// </summary>
internal sealed class Checksum
{
    private readonly IPageEngine _engine;
    private readonly ArrayBufferWriter<byte> _digests = new();

    public Checksum(IPageEngine engine) => _engine = engine;

    public void AddChunk(ReadOnlySpan<byte> chunk)
    {
        PageHash h = _engine.Hash(chunk);
        Span<byte> d = _digests.GetSpan(16);
        BinaryPrimitives.WriteUInt64LittleEndian(d, h.Low);
        BinaryPrimitives.WriteUInt64LittleEndian(d[8..], h.High);
        _digests.Advance(16);
    }

    public ulong Finish() => _engine.Hash(_digests.WrittenSpan).Low;

    /// <summary>The checksum of a region held in memory.</summary>
    public static ulong Of(IPageEngine engine, ReadOnlySpan<byte> region)
    {
        var c = new Checksum(engine);
        for (int i = 0; i < region.Length; i += StoreFormat.ChecksumChunk)
        {
            c.AddChunk(region.Slice(i, Math.Min(StoreFormat.ChecksumChunk, region.Length - i)));
        }

        return c.Finish();
    }

    /// <summary>The checksum of the header's first 120 bytes (the checksum field itself excluded).</summary>
    public static ulong OfHeader(IPageEngine engine, ReadOnlySpan<byte> header, int checksumOffset) =>
        engine.Hash(header[..checksumOffset]).Low;
}
