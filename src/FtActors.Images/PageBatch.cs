using System.Buffers;
using FtActors.Pages;

namespace FtActors.Images;

/// <summary>
/// Up to <see cref="Capacity"/> pages read from an image: their frame numbers, their bytes back to back
/// (4 KiB each, ready for <see cref="IPageEngine.Classify"/>) and what the reader knows of their type.
/// </summary>
/// <remarks>
/// Reader types: <see cref="PageType.Normal"/> (bytes read from the file, zero-ness not yet known),
/// <see cref="PageType.Zero"/> (known zero without reading: a hole, a ZERO record; bytes are zero-filled),
/// <see cref="PageType.NotPresent"/> (no contents in the image; bytes zero-filled),
/// <see cref="PageType.PageTable"/> (a Xen PV pagetable page; bytes read).
/// </remarks>
public sealed class PageBatch : IDisposable
{
    private ulong[] _frames;
    private byte[] _pages;
    private PageType[] _types;
    private byte[] _levels;

    internal PageBatch(int capacity)
    {
        Capacity = capacity;
        _frames = ArrayPool<ulong>.Shared.Rent(capacity);
        _types = ArrayPool<PageType>.Shared.Rent(capacity);
        _levels = ArrayPool<byte>.Shared.Rent(capacity);
        _pages = ArrayPool<byte>.Shared.Rent(capacity * PageSize.Bytes);
    }

    /// <summary>Most pages one batch holds.</summary>
    public int Capacity { get; }

    /// <summary>Pages in this batch.</summary>
    public int Count { get; internal set; }

    /// <summary>Frame number of each page, ascending.</summary>
    public ReadOnlySpan<ulong> Frames => _frames.AsSpan(0, Count);

    /// <summary>All pages' bytes back to back.</summary>
    public ReadOnlySpan<byte> Pages => _pages.AsSpan(0, Count * PageSize.Bytes);

    /// <summary>The reader's type for each page (see remarks on the class).</summary>
    public ReadOnlySpan<PageType> Types => _types.AsSpan(0, Count);

    /// <summary>
    /// For <see cref="PageType.PageTable"/> pages the pagetable level (1-4 for L1-L4, as the Xen save typed it),
    /// 0 for every other page: the levels array a PV pagetable canonicaliser takes with the batch.
    /// </summary>
    public ReadOnlySpan<byte> PageTableLevels => _levels.AsSpan(0, Count);

    /// <summary>The bytes of page <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Page(int index) => _pages.AsSpan(index * PageSize.Bytes, PageSize.Bytes);

    internal bool IsFull => Count == Capacity;

    internal ulong[] FrameArray => _frames;

    internal byte[] PageArray => _pages;

    internal PageType[] TypeArray => _types;

    internal byte[] LevelArray => _levels;

    /// <summary>Returns the buffers to the pool; the batch must not be used afterwards.</summary>
    public void Dispose()
    {
        if (_pages.Length == 0)
        {
            return;
        }

        ArrayPool<ulong>.Shared.Return(_frames);
        ArrayPool<PageType>.Shared.Return(_types);
        ArrayPool<byte>.Shared.Return(_pages);
        ArrayPool<byte>.Shared.Return(_levels);
        _levels = [];
        _frames = [];
        _types = [];
        _pages = [];
        Count = 0;
    }
}
