using FtActors.Pages;

namespace FtActors.Images;

/// <summary>
/// The one <see cref="IGuestImage"/> implementation: every reader turns its format into a sorted list of
/// <see cref="PageRun"/>s (an index, never the pages) plus a <see cref="PageSource"/>, and this class turns
/// runs into batches. Formats differ only in how the index is built.
/// </summary>
internal sealed class GuestImage : IGuestImage
{
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

    public void Dispose() => _source.Dispose();
}
