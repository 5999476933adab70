using System.Runtime.InteropServices;
using FtActors.Pages;

namespace FtActors.Store;

/// <summary>
/// What one snapshot of a guest held, frame by frame: hash, consecutive scans the frame kept that content, and
/// (for the last snapshot) the selection decision, in parallel arrays sorted by frame. Sources deliver frames
/// in ascending order, so a snapshot is appended in order and the previous one is followed with a cursor: the
/// builder's per-page work is sequential array access, where the dictionaries it replaced cost several
/// random cache misses and rehashes per page.
/// </summary>
internal sealed class FrameState
{
    /// <summary>A frame not decided yet.</summary>
    public const byte Undecided = byte.MaxValue;

    private readonly List<ulong> _frames;
    private readonly List<PageHash> _hashes;
    private readonly List<uint> _stable;
    private readonly List<byte> _decisions;
    private bool _ascending = true;
    private int _cursor;

    public FrameState(int capacity)
    {
        _frames = new List<ulong>(capacity);
        _hashes = new List<PageHash>(capacity);
        _stable = new List<uint>(capacity);
        _decisions = new List<byte>(capacity);
    }

    /// <summary>A state holding a guest's map as it was committed (sorted by frame, each frame once).</summary>
    public static FrameState FromMap(IReadOnlyList<GuestMapEntry> map)
    {
        var state = new FrameState(map.Count);
        foreach (GuestMapEntry e in map)
        {
            state.Add(e.Frame, e.Hash, e.StableScans);
        }

        state.Normalize();
        return state;
    }

    public int Count => _frames.Count;

    public ReadOnlySpan<ulong> Frames => CollectionsMarshal.AsSpan(_frames);

    public ReadOnlySpan<PageHash> Hashes => CollectionsMarshal.AsSpan(_hashes);

    public ReadOnlySpan<uint> Stable => CollectionsMarshal.AsSpan(_stable);

    public Span<byte> Decisions => CollectionsMarshal.AsSpan(_decisions);

    /// <summary>Appends a frame; returns its position (valid until <see cref="Normalize"/>).</summary>
    public int Add(ulong frame, PageHash hash, uint stable)
    {
        int count = _frames.Count;
        if (count > 0 && frame <= _frames[count - 1])
        {
            _ascending = false;
        }

        _frames.Add(frame);
        _hashes.Add(hash);
        _stable.Add(stable);
        _decisions.Add(Undecided);
        return count;
    }

    /// <summary>
    /// Sorts by frame if a source delivered frames out of order, keeping the last reading of a frame delivered
    /// twice (as a later read of a live file is the newer content). A no-op for ordered sources.
    /// </summary>
    public void Normalize()
    {
        _cursor = 0;
        if (_ascending)
        {
            return;
        }

        int[] order = Enumerable.Range(0, Count).ToArray();

        // Stable by position, so among equal frames the last delivered ends last.
        ulong[] frames = [.. _frames];
        Array.Sort(frames, order);
        int[] positions = order;
        var keep = new List<int>(Count);
        for (int i = 0; i < positions.Length; i++)
        {
            if (i + 1 < positions.Length && frames[i + 1] == frames[i])
            {
                // Several readings of one frame: Array.Sort is not stable, so pick the latest position explicitly.
                int last = positions[i];
                int j = i + 1;
                while (j < positions.Length && frames[j] == frames[i])
                {
                    last = Math.Max(last, positions[j]);
                    j++;
                }

                keep.Add(last);
                i = j - 1;
            }
            else
            {
                keep.Add(positions[i]);
            }
        }

        ulong[] f = [.. _frames];
        PageHash[] h = [.. _hashes];
        uint[] s = [.. _stable];
        byte[] d = [.. _decisions];
        _frames.Clear();
        _hashes.Clear();
        _stable.Clear();
        _decisions.Clear();
        foreach (int p in keep)
        {
            _frames.Add(f[p]);
            _hashes.Add(h[p]);
            _stable.Add(s[p]);
            _decisions.Add(d[p]);
        }

        _ascending = true;
    }

    /// <summary>
    /// The entry for <paramref name="frame"/> in a normalised state. Ascending queries (the usual case) move a
    /// cursor forward, amortised O(1); a query behind the cursor falls back to a binary search.
    /// </summary>
    public bool TryFind(ulong frame, out PageHash hash, out uint stable)
    {
        ReadOnlySpan<ulong> frames = Frames;
        int i = _cursor;
        if (i < frames.Length && frames[i] <= frame)
        {
            // A few steps forward first: consecutive queries are usually consecutive frames.
            int limit = Math.Min(frames.Length, i + 8);
            while (i < limit && frames[i] < frame)
            {
                i++;
            }

            if (i == limit && i < frames.Length && frames[i] < frame)
            {
                int found = frames[i..].BinarySearch(frame);
                i += found >= 0 ? found : ~found;
            }
        }
        else
        {
            int found = frames.BinarySearch(frame);
            i = found >= 0 ? found : ~found;
        }

        _cursor = i;
        if (i < frames.Length && frames[i] == frame)
        {
            hash = _hashes[i];
            stable = _stable[i];
            return true;
        }

        hash = default;
        stable = 0;
        return false;
    }
}
