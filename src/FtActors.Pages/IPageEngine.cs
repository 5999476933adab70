namespace FtActors.Pages;

/// <summary>
/// Hashes and types pages a whole batch at a time: the hot loop of every compare, store build and
/// migration. Two implementations give identical results: the native library (native/ftpages) and the
/// managed SIMD fallback used when the library is absent.
/// </summary>
public interface IPageEngine
{
    /// <summary>"native" or "managed": which implementation this is, for logs and benchmarks.</summary>
    string Name { get; }

    /// <summary>
    /// Hashes and types <c>types.Length</c> pages laid out back to back in <paramref name="pages"/>
    /// (<see cref="PageSize.Bytes"/> each). A page whose bytes are all zero gets <see cref="PageType.Zero"/>
    /// and the hash of a zero page; any other page gets <see cref="PageType.Normal"/>.
    /// </summary>
    void Classify(ReadOnlySpan<byte> pages, Span<PageHash> hashes, Span<PageType> types);

    /// <summary>The XXH3-128 hash (seed 0) of one page or any other span.</summary>
    PageHash Hash(ReadOnlySpan<byte> data);
}
