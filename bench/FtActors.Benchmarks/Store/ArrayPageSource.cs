using FtActors.Pages;
using FtActors.Store;

namespace FtActors.Benchmarks.Store;

/// <summary>
/// Guest memory held in an array (frame i is bytes [i*4096, (i+1)*4096)): a source whose only cost is one copy
/// per page, so a build's figure is the store's work, not a generator's or a disk's.
/// </summary>
public sealed class ArrayPageSource(byte[] memory) : IPageSource
{
    private long _next;

    public string Name => "array";

    public int Read(Span<ulong> frames, Span<byte> pages)
    {
        int n = (int)Math.Min(Math.Min(frames.Length, pages.Length / PageSize.Bytes), (memory.LongLength / PageSize.Bytes) - _next);
        for (int i = 0; i < n; i++)
        {
            frames[i] = (ulong)(_next + i);
        }

        memory.AsSpan((int)(_next * PageSize.Bytes), n * PageSize.Bytes).CopyTo(pages);
        _next += n;
        return n;
    }

    public void Rewind() => _next = 0;

    public void Dispose()
    {
    }
}
