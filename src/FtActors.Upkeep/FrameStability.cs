using FtActors.Pages;

namespace FtActors.Upkeep;

/// <summary>
/// Per-frame memory of a guest across scans: the hash each frame held at the last scan and how many
/// consecutive scans, ending with the last, it held that hash. 16 bytes of hash and 2 bytes of counter per
/// frame (a 256 MiB guest: 65,536 frames, 1.1 MiB). A zero frame has count 0.
/// </summary>
/// <remarks>
/// Ownership: one writer at a time. The VmActor hands the table to its scan task and does not touch it
/// until the task's result comes back, so no lock is needed.
/// </remarks>
public sealed class FrameStability
{
    private PageHash[] _hashes;
    private ushort[] _stable;

    /// <summary>Creates a table for <paramref name="frames"/> frames, all zero (never seen).</summary>
    public FrameStability(long frames)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        _hashes = new PageHash[frames];
        _stable = new ushort[frames];
    }

    /// <summary>Frames the table covers; grows when a scan sees a longer RAM file.</summary>
    public long FrameCount => _hashes.LongLength;

    /// <summary>The hash frame <paramref name="frame"/> held at the last scan (default when zero or never seen).</summary>
    public PageHash HashOf(long frame) => frame < _hashes.LongLength ? _hashes[frame] : default;

    /// <summary>Consecutive scans ending with the last in which the frame kept its hash; 0 for zero frames.</summary>
    public int StableScans(long frame) => frame < _stable.LongLength ? _stable[frame] : 0;

    /// <summary>
    /// Records that a scan found <paramref name="hash"/> in <paramref name="frame"/> (non-zero); returns the new
    /// stability count (1 when the content changed, capped at <see cref="ushort.MaxValue"/>).
    /// </summary>
    public int Observe(long frame, PageHash hash)
    {
        EnsureCapacity(frame + 1);
        int count = _stable[frame] > 0 && _hashes[frame] == hash ? Math.Min(_stable[frame] + 1, ushort.MaxValue) : 1;
        _hashes[frame] = hash;
        _stable[frame] = (ushort)count;
        return count;
    }

    /// <summary>Records that a scan found <paramref name="frame"/> all zero (or a hole).</summary>
    public void ObserveZero(long frame)
    {
        if (frame < _hashes.LongLength)
        {
            _hashes[frame] = default;
            _stable[frame] = 0;
        }
    }

    private void EnsureCapacity(long frames)
    {
        if (frames > _hashes.LongLength)
        {
            long size = Math.Max(frames, _hashes.LongLength * 2);
            Array.Resize(ref _hashes, (int)size);
            Array.Resize(ref _stable, (int)size);
        }
    }
}
