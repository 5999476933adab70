using FtActors.Pages;
using FtActors.Store;

namespace FtActors.Benchmarks.Store;

/// <summary>
/// A synthetic guest: frames with random content (xorshift from the frame's seed, so every run makes the
/// same bytes) and, every <c>repeatEvery</c>-th frame, one of 64 repeated pages, as guests share kernel
/// text, libraries and fill patterns.
/// </summary>
public sealed class SyntheticPageSource(long uniqueFrames, int repeatEvery, ulong seedBase = 0) : IPageSource
{
    private readonly long _frames = uniqueFrames + (repeatEvery > 0 ? uniqueFrames / (repeatEvery - 1) : 0);
    private long _next;

    public string Name => "synthetic";

    public long Frames => _frames;

    public int Read(Span<ulong> frames, Span<byte> pages)
    {
        int n = (int)Math.Min(Math.Min(frames.Length, pages.Length / PageSize.Bytes), _frames - _next);
        for (int i = 0; i < n; i++)
        {
            long f = _next + i;
            frames[i] = (ulong)f;
            bool repeated = repeatEvery > 0 && f % repeatEvery == repeatEvery - 1;
            Fill(pages.Slice(i * PageSize.Bytes, PageSize.Bytes), repeated ? (ulong)(f % 64) + 1 : seedBase + (ulong)f + 1_000_000);
        }

        _next += n;
        return n;
    }

    public static void Fill(Span<byte> page, ulong seed)
    {
        Span<ulong> words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(page);
        ulong x = (seed * 0x9E3779B97F4A7C15UL) | 1;
        for (int w = 0; w < words.Length; w++)
        {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            words[w] = x;
        }
    }

    public void Rewind() => _next = 0;

    public void Dispose()
    {
    }
}
