using FtActors.Pages;

namespace FtActors.Images;

/// <summary>
/// Frame number to "where its page is", for streams in which a frame may occur many times (last one wins)
/// and in any order. Stores 8 bytes per frame seen, in chunks allocated only where frames occur, so a
/// corrupt frame number costs one chunk, never a table sized by the number.
/// </summary>
internal sealed class FrameTable
{
    private const int ChunkShift = 12;
    private const int ChunkSize = 1 << ChunkShift;
    private const long ZeroCode = 2;
    private const long NotPresentCode = 3;

    // Code per frame: 0 never seen; 2 zero; 3 not present; otherwise ((fileOffset + 1) << 3) | pagetable level (0-4).
    private readonly Dictionary<ulong, long[]> _chunks = [];

    /// <summary>Records a page with bytes at <paramref name="fileOffset"/>; <paramref name="level"/> 1-4 marks a PV L1-L4 pagetable.</summary>
    public void SetData(ulong frame, long fileOffset, int level) =>
        Set(frame, ((fileOffset + 1) << 3) | (uint)level);

    public void SetZero(ulong frame) => Set(frame, ZeroCode);

    public void SetNotPresent(ulong frame) => Set(frame, NotPresentCode);

    private void Set(ulong frame, long code)
    {
        ulong chunk = frame >> ChunkShift;
        if (!_chunks.TryGetValue(chunk, out long[]? entries))
        {
            entries = new long[ChunkSize];
            _chunks.Add(chunk, entries);
        }

        entries[(int)(frame & (ChunkSize - 1))] = code;
    }

    /// <summary>
    /// The frames seen, in ascending order, merged into runs; frames never seen that lie inside
    /// <paramref name="zeroByDefault"/> (sorted, disjoint frame ranges) come out as Zero runs, without a
    /// table entry each.
    /// </summary>
    public List<PageRun> ToRuns(IReadOnlyList<(ulong Start, ulong End)> zeroByDefault)
    {
        var seen = SeenRuns();
        var result = new List<PageRun>(seen.Count);
        int next = 0;
        ulong emitted = 0; // end of everything appended so far: a seen run may reach into the next range
        foreach (var (start, end) in zeroByDefault)
        {
            ulong at = Math.Max(start, emitted);
            while (next < seen.Count && seen[next].Frame < end)
            {
                var run = seen[next];
                if (run.Frame > at)
                {
                    Append(result, new PageRun(at, (long)(run.Frame - at), -1, PageType.Zero));
                }

                Append(result, run);
                at = Math.Max(at, run.EndFrame);
                next++;
            }

            if (at < end)
            {
                Append(result, new PageRun(at, (long)(end - at), -1, PageType.Zero));
                at = end;
            }

            emitted = Math.Max(emitted, at);
        }

        while (next < seen.Count)
        {
            Append(result, seen[next++]);
        }

        result.Sort((a, b) => a.Frame.CompareTo(b.Frame));
        return result;
    }

    private static void Append(List<PageRun> runs, PageRun run)
    {
        if (runs.Count > 0 && run.Type == PageType.Zero && runs[^1].Type == PageType.Zero && runs[^1].EndFrame == run.Frame)
        {
            runs[^1] = runs[^1] with { Count = runs[^1].Count + run.Count };
            return;
        }

        runs.Add(run);
    }

    /// <summary>The frames seen, in ascending order, merged into runs.</summary>
    public List<PageRun> SeenRuns()
    {
        var runs = new List<PageRun>();
        var keys = _chunks.Keys.ToArray();
        Array.Sort(keys);
        PageRun current = default;
        bool open = false;
        foreach (ulong key in keys)
        {
            long[] entries = _chunks[key];
            for (int i = 0; i < ChunkSize; i++)
            {
                long code = entries[i];
                if (code == 0)
                {
                    continue;
                }

                ulong frame = (key << ChunkShift) | (uint)i;
                var (offset, type, level) = Decode(code);
                if (open && current.EndFrame == frame && current.Type == type && current.Level == level &&
                    (offset < 0 ? current.FileOffset < 0 : current.FileOffset >= 0 && current.FileOffset + (current.Count * PageSize.Bytes) == offset))
                {
                    current = current with { Count = current.Count + 1 };
                    continue;
                }

                if (open)
                {
                    runs.Add(current);
                }

                current = new PageRun(frame, 1, offset, type, level);
                open = true;
            }
        }

        if (open)
        {
            runs.Add(current);
        }

        return runs;
    }

    private static (long Offset, PageType Type, byte Level) Decode(long code) => (code >> 3) switch
    {
        0 => (-1, code == ZeroCode ? PageType.Zero : PageType.NotPresent, 0),
        _ => ((code >> 3) - 1, (code & 7) != 0 ? PageType.PageTable : PageType.Normal, (byte)(code & 7)),
    };
}
