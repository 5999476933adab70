namespace FtActors.Images;

/// <summary>Translates runs numbered by page index within one RAM block into image frames through the block's regions.</summary>
internal static class RunMapper
{
    /// <summary>
    /// <paramref name="blockRuns"/> use frame = page index inside the block; each region says which block
    /// pages (from <see cref="ImageRegion.BlockOffset"/>) land at which frames. Runs crossing a region edge are split.
    /// </summary>
    public static List<PageRun> Map(IEnumerable<PageRun> blockRuns, IReadOnlyList<ImageRegion> regions)
    {
        var result = new List<PageRun>();
        foreach (var run in blockRuns)
        {
            foreach (var region in regions)
            {
                ulong regionStart = region.BlockOffset / 4096;
                ulong regionEnd = regionStart + region.PageCount;
                ulong start = Math.Max(run.Frame, regionStart);
                ulong end = Math.Min(run.EndFrame, regionEnd);
                if (start >= end)
                {
                    continue;
                }

                long skipped = (long)(start - run.Frame);
                result.Add(new PageRun(
                    region.FirstFrame + (start - regionStart),
                    (long)(end - start),
                    run.HasData ? run.FileOffset + (skipped * 4096) : -1,
                    run.Type));
            }
        }

        result.Sort((a, b) => a.Frame.CompareTo(b.Frame));
        return result;
    }
}
