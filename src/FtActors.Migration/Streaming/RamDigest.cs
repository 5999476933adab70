using System.Runtime.InteropServices;
using FtActors.Pages;

namespace FtActors.Migration.Streaming;

/// <summary>
/// A digest of a whole RAM file: XXH3-128 over the concatenated XXH3-128 hashes of its pages. Source
/// (paused) and destination compute it the same way, so equal digests mean byte-identical RAM.
/// </summary>
public static class RamDigest
{
    /// <summary>Computes the digest of <paramref name="path"/> (any size that is a multiple of 4096).</summary>
    public static PageHash Compute(string path, IPageEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var length = RandomAccess.GetLength(handle);
        var pages = length / PageSize.Bytes;
        var all = new PageHash[pages];
        var buffer = new byte[PageSize.BatchPages * PageSize.Bytes];
        var types = new PageType[PageSize.BatchPages];
        for (long at = 0; at < pages; at += PageSize.BatchPages)
        {
            var n = (int)Math.Min(PageSize.BatchPages, pages - at);
            var span = buffer.AsSpan(0, n * PageSize.Bytes);
            var read = RandomAccess.Read(handle, span, at * PageSize.Bytes);
            span[read..].Clear();
            engine.Classify(span, all.AsSpan((int)at, n), types.AsSpan(0, n));
        }

        return engine.Hash(MemoryMarshal.AsBytes(all.AsSpan()));
    }
}
