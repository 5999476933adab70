namespace FtActors.Migration.Streaming;

/// <summary>
/// Frames that may have been written since a point in time (one bit a frame, 32 KiB per GiB of guest).
/// A round given such a set reads and hashes only these frames; every other frame counts as unchanged,
/// so the set may over-report but must never miss a written frame.
/// </summary>
public sealed class DirtyFrameSet
{
    private readonly ulong[] _bits;

    /// <summary>Creates an empty set for <paramref name="frameCount"/> frames.</summary>
    public DirtyFrameSet(long frameCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameCount);
        FrameCount = frameCount;
        _bits = new ulong[(frameCount + 63) / 64];
    }

    /// <summary>Frames the set covers.</summary>
    public long FrameCount { get; }

    /// <summary>Frames marked.</summary>
    public long Count
    {
        get
        {
            long n = 0;
            foreach (var w in _bits)
            {
                n += (long)ulong.PopCount(w);
            }

            return n;
        }
    }

    /// <summary>Whether <paramref name="frame"/> may have been written.</summary>
    public bool Contains(long frame) => (_bits[frame >> 6] & (1UL << (int)(frame & 63))) != 0;

    /// <summary>Marks <paramref name="frame"/> as possibly written.</summary>
    public void Add(long frame) => _bits[frame >> 6] |= 1UL << (int)(frame & 63);

    /// <summary>Unmarks every frame.</summary>
    public void Clear() => Array.Clear(_bits);
}
