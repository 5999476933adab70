using FtActors.Pages;

namespace FtActors.Migration.Streaming;

/// <summary>
/// Estimates how many pages changed since they were sent by hashing one frame in every
/// <c>stride</c> (holes skipped) and comparing with what the tracker recorded, without updating the
/// tracker: a sampled page that changed is still sent by the next round. After round 0 this tells a
/// read-mostly guest (a few hundred pages changed) from one that rewrites its data, for about
/// 1/<c>stride</c> of a round's hashing, so the session can pause the source at once instead of spending a
/// whole live round to learn what the paused round would find anyway. The paused round stays exact; the
/// estimate only decides when it starts.
/// </summary>
public static class ChangeSample
{
    /// <summary>Frames sampled, sampled frames changed, and the estimate for all data frames.</summary>
    /// <param name="Sampled">Frames hashed.</param>
    /// <param name="Changed">Sampled frames whose hash differs from the tracker's.</param>
    /// <param name="Estimated">Changed scaled to every non-hole frame of the file.</param>
    public readonly record struct Result(long Sampled, long Changed, long Estimated);

    /// <summary>Samples <paramref name="ramFile"/> against <paramref name="tracker"/>.</summary>
    /// <param name="ramFile">The source guest's RAM file.</param>
    /// <param name="engine">The page engine (the tracker holds its hashes).</param>
    /// <param name="tracker">What was sent so far.</param>
    /// <param name="stride">One frame in this many is hashed (at least 1).</param>
    public static Result Take(string ramFile, IPageEngine engine, HashDirtyTracker tracker, int stride)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        using var map = new RamFileMap(ramFile);
        if (map.FrameCount != tracker.FrameCount)
        {
            throw new MigrationException($"{ramFile}: expected {tracker.FrameCount} pages as when the session started, found {map.FrameCount}");
        }

        var holes = new bool[PageSize.BatchPages];
        long sampled = 0, changed = 0, data = 0;
        for (long first = 0; first < map.FrameCount; first += PageSize.BatchPages)
        {
            var n = (int)Math.Min(PageSize.BatchPages, map.FrameCount - first);
            map.FindHoles(first, holes.AsSpan(0, n));
            for (var i = 0; i < n; i++)
            {
                if (holes[i])
                {
                    continue;
                }

                // Count data frames and sample every stride-th of them, so sparse data is sampled evenly.
                if (data++ % stride != 0)
                {
                    continue;
                }

                sampled++;
                if (tracker.Differs(first + i, engine.Hash(map.Pages(first + i, 1))))
                {
                    changed++;
                }
            }
        }

        var estimated = sampled == 0 ? 0 : (long)Math.Ceiling(changed * (double)data / sampled);
        return new Result(sampled, changed, estimated);
    }
}
