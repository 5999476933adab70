using FtActors.Pages;

namespace FtActors.Migration.Xen;

/// <summary>
/// The digest both ends compute over a Xen image: XXH3-128 over the 16-byte hashes of every record chunk
/// (the image bytes outside the page runs, cut at run boundaries and every <see cref="XenWire.RecordBytesPerFrame"/>
/// bytes, exactly as the XenRecords frames carry them) followed by every page slot's hash, in file order.
/// The sender gets it from what it read; the receiver from the file it assembled.
/// </summary>
public sealed class XenImageDigest
{
    private readonly IPageEngine _engine;
    private byte[] _hashes = new byte[16 * 1024];
    private int _length;

    /// <summary>Creates an empty digest hashed with <paramref name="engine"/>.</summary>
    public XenImageDigest(IPageEngine engine) => _engine = engine ?? throw new ArgumentNullException(nameof(engine));

    /// <summary>The record chunks of <paramref name="layout"/>: every gap between runs, cut into frame-sized pieces.</summary>
    public static IEnumerable<(long Offset, int Length)> RecordChunks(XenImageLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        foreach (var (offset, length) in layout.Gaps())
        {
            for (long done = 0; done < length; done += XenWire.RecordBytesPerFrame)
            {
                yield return (offset + done, (int)Math.Min(XenWire.RecordBytesPerFrame, length - done));
            }
        }
    }

    /// <summary>Adds the hash of one record chunk or page, in file order.</summary>
    public void Add(PageHash hash)
    {
        if (_length + 16 > _hashes.Length)
        {
            Array.Resize(ref _hashes, _hashes.Length * 2);
        }

        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(_hashes.AsSpan(_length), hash.Low);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(_hashes.AsSpan(_length + 8), hash.High);
        _length += 16;
    }

    /// <summary>Adds the hash of <paramref name="bytes"/>.</summary>
    public void AddBytes(ReadOnlySpan<byte> bytes) => Add(_engine.Hash(bytes));

    /// <summary>The digest over everything added.</summary>
    public PageHash Finish() => _engine.Hash(_hashes.AsSpan(0, _length));
}
