using FtActors.Pages;

namespace FtActors.Images;

/// <summary>
/// The one <see cref="IGuestImage"/> implementation: every reader turns its format into a sorted list of
/// <see cref="PageRun"/>s (an index, never the pages) plus a <see cref="PageSource"/>, and this class turns
/// runs into batches. Formats differ only in how the index is built.
/// </summary>
internal sealed class GuestImage : IGuestImage
{
    /// <summary>Pages per read in <see cref="ReadHashed"/>: 64 KiB, small enough to stay in L2 until hashed.</summary>
    internal const int ReadChunkPages = 16;

    private readonly List<PageRun> _runs;
    private readonly PageSource _source;

    public GuestImage(
        string path,
        ImageFormat format,
        List<PageRun> runs,
        PageSource source,
        IReadOnlyList<ImageRegion> regions,
        IReadOnlyDictionary<string, string> properties,
        XenFrameMap? xen = null)
    {
        Path = path;
        Format = format;
        _runs = runs;
        _source = source;
        Regions = regions;
        Properties = properties;
        Xen = xen;
        foreach (var run in runs)
        {
            FrameCount += run.Count;
            if (run.Type != PageType.NotPresent)
            {
                PageCount += run.Count;
            }
        }
    }

    public string Path { get; }

    public ImageFormat Format { get; }

    public long FrameCount { get; }

    public long PageCount { get; }

    public long GuestBytes => PageCount * PageSize.Bytes;

    public IReadOnlyList<ImageRegion> Regions { get; }

    public IReadOnlyDictionary<string, string> Properties { get; }

    public XenFrameMap? Xen { get; }

    internal IReadOnlyList<PageRun> Runs => _runs;

    public IEnumerable<PageBatch> ReadBatches(int batchPages = PageSize.BatchPages)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchPages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchPages, 1 << 16);
        return Iterate(batchPages);
    }

    private IEnumerable<PageBatch> Iterate(int batchPages)
    {
        using var batch = new PageBatch(batchPages);
        foreach (var run in _runs)
        {
            long done = 0;
            while (done < run.Count)
            {
                int start = batch.Count;
                int take = (int)Math.Min(batch.Capacity - start, run.Count - done);
                var frames = batch.FrameArray.AsSpan(start, take);
                for (int i = 0; i < take; i++)
                {
                    frames[i] = run.Frame + (ulong)(done + i);
                }

                batch.TypeArray.AsSpan(start, take).Fill(run.Type);
                batch.LevelArray.AsSpan(start, take).Fill(run.Level);
                if (run.HasData)
                {
                    // One read per run slice: contiguous pages (raw, ELF, mapped-ram) come in one pread.
                    _source.Read(run.FileOffset + (done * PageSize.Bytes), batch.PageArray, start * PageSize.Bytes, take * PageSize.Bytes);
                }
                else
                {
                    Array.Clear(batch.PageArray, start * PageSize.Bytes, take * PageSize.Bytes);
                }

                batch.Count = start + take;
                done += take;
                if (batch.IsFull)
                {
                    yield return batch;
                    batch.Count = 0;
                }
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    /// <summary>
    /// Walks every frame like <see cref="ReadBatches"/> but hands out hashes and engine types instead of page
    /// bytes: the caller's arrays are filled up to their length (the batch size) and the number filled is
    /// yielded. For the analysis tools, which need only hashes.
    /// </summary>
    /// <remarks>
    /// Page bytes are read <see cref="ReadChunkPages"/> at a time into one small buffer that stays in the
    /// core's L2 cache between the read (a copy out of the page cache) and the hash, instead of a 4 MiB batch
    /// buffer that the copy pushes out to L3. Runs without bytes (zero, not present) are never read or hashed:
    /// they get <paramref name="zeroHash"/> and <see cref="PageType.Zero"/>, as the engine would give their
    /// zero-filled bytes.
    /// </remarks>
    internal IEnumerable<int> ReadHashed(
        IPageEngine engine, PageHash zeroHash, ulong[] frames, PageType[] readerTypes, PageHash[] hashes, PageType[] types)
    {
        int capacity = frames.Length;
        var chunk = new byte[ReadChunkPages * PageSize.Bytes];
        int count = 0;
        foreach (var run in _runs)
        {
            long done = 0;
            while (done < run.Count)
            {
                int take = (int)Math.Min(capacity - count, run.Count - done);
                for (int i = 0; i < take; i++)
                {
                    frames[count + i] = run.Frame + (ulong)(done + i);
                }

                readerTypes.AsSpan(count, take).Fill(run.Type);
                if (run.HasData)
                {
                    for (int at = 0; at < take; at += ReadChunkPages)
                    {
                        int pages = Math.Min(ReadChunkPages, take - at);
                        _source.Read(run.FileOffset + ((done + at) * PageSize.Bytes), chunk, 0, pages * PageSize.Bytes);
                        engine.Classify(chunk.AsSpan(0, pages * PageSize.Bytes), hashes.AsSpan(count + at, pages), types.AsSpan(count + at, pages));
                    }
                }
                else
                {
                    hashes.AsSpan(count, take).Fill(zeroHash);
                    types.AsSpan(count, take).Fill(PageType.Zero);
                }

                count += take;
                done += take;
                if (count == capacity)
                {
                    yield return count;
                    count = 0;
                }
            }
        }

        if (count > 0)
        {
            yield return count;
        }
    }

    public void Dispose() => _source.Dispose();
}
