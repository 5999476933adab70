using FtActors.Pages;

namespace FtActors.Migration.Streaming;

/// <summary>
/// Dirty tracking by hash comparison: keeps the hash of what was sent for every frame (16 bytes a page,
/// 4 MiB for a 1 GiB guest) and calls a page changed when its current hash differs. Exact whenever the
/// source is paused; while it runs, a page torn by a concurrent write is simply sent again next round.
/// </summary>
public sealed class HashDirtyTracker : IDirtyTracker
{
    private readonly PageHash[] _sent;
    private readonly bool[] _known;

    /// <summary>Creates a tracker for <paramref name="frameCount"/> pages, none of them sent yet.</summary>
    public HashDirtyTracker(long frameCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameCount);
        _sent = new PageHash[frameCount];
        _known = new bool[frameCount];
    }

    /// <inheritdoc />
    public long FrameCount => _sent.LongLength;

    /// <inheritdoc />
    public bool Update(long frame, PageHash hash)
    {
        if (_known[frame] && _sent[frame] == hash)
        {
            return false;
        }

        _known[frame] = true;
        _sent[frame] = hash;
        return true;
    }

    /// <summary>Whether <paramref name="hash"/> differs from what was sent for <paramref name="frame"/>, without recording it.</summary>
    public bool Differs(long frame, PageHash hash) => !_known[frame] || _sent[frame] != hash;

    /// <inheritdoc />
    public void Invalidate(long frame) => _known[frame] = false;
}
