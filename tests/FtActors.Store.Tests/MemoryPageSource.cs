using FtActors.Pages;
using FtActors.Store;

namespace FtActors.Store.Tests;

/// <summary>A snapshot held in memory: frame i is bytes [i*4096, (i+1)*4096).</summary>
internal sealed class MemoryPageSource(byte[] memory, string name = "memory") : IPageSource
{
    private long _frame;

    public string Name => name;

    public byte[] Memory => memory;

    public int Read(Span<ulong> frames, Span<byte> pages)
    {
        long total = memory.Length / PageSize.Bytes;
        int n = (int)Math.Min(Math.Min(frames.Length, pages.Length / PageSize.Bytes), total - _frame);
        for (int i = 0; i < n; i++)
        {
            frames[i] = (ulong)(_frame + i);
        }

        memory.AsSpan((int)(_frame * PageSize.Bytes), n * PageSize.Bytes).CopyTo(pages);
        _frame += n;
        return n;
    }

    public void Rewind() => _frame = 0;

    public void Dispose()
    {
    }
}
