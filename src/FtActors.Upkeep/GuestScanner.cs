using System.Collections.Immutable;
using FtActors.Pages;
using FtActors.Store;

namespace FtActors.Upkeep;

/// <summary>
/// One read-only pass over a guest's RAM file (QEMU's shared memory-backend-file, or any raw dump): batches of
/// 1024 pages through the page engine (XXH3-128, zero detection), holes skipped without reading, the read rate
/// held to a byte budget so the scan never competes with the guest for memory bandwidth. The guest is never
/// paused: each page is what it held at the moment it was read.
/// </summary>
public static class GuestScanner
{
    /// <summary>
    /// Scans <paramref name="ramFile"/>, updates <paramref name="stability"/> and selects pages by
    /// <paramref name="policy"/>; <paramref name="held"/> (what the spare holds) decides what must ship.
    /// </summary>
    /// <param name="ramFile">The guest's RAM file.</param>
    /// <param name="stability">Ownership: the caller must not touch it until this returns.</param>
    /// <param name="policy">Selection policy.</param>
    /// <param name="held">Hashes the spare holds; read only.</param>
    /// <param name="readBudget">Paces the reads (bytes per second); null reads at full speed.</param>
    /// <param name="engine">Page engine; the default (native when built) when null.</param>
    /// <param name="cancellationToken">Stops the scan between batches.</param>
    /// <exception cref="StoreException">The RAM file cannot be opened.</exception>
    public static async Task<ScanResult> ScanAsync(
        string ramFile,
        FrameStability stability,
        UpkeepPolicy policy,
        IReadOnlySet<PageHash> held,
        TokenBucket? readBudget,
        IPageEngine? engine,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stability);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(held);
        engine ??= PageEngines.Default;
        using var source = new RawFilePageSource(ramFile);
        var pages = new byte[PageSize.BatchPages * PageSize.Bytes];
        var frames = new ulong[PageSize.BatchPages];
        var hashes = new PageHash[PageSize.BatchPages];
        var types = new PageType[PageSize.BatchPages];
        var nonZero = ImmutableHashSet.CreateBuilder<PageHash>();
        var map = ImmutableArray.CreateBuilder<GuestMapEntry>();
        var toShip = ImmutableArray.CreateBuilder<GuestMapEntry>();
        var shipping = new HashSet<PageHash>();
        long bytesRead = 0;
        long nextFrame = 0;
        int n;
        while ((n = source.Read(frames, pages)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bytesRead += (long)n * PageSize.Bytes;
            engine.Classify(pages.AsSpan(0, n * PageSize.Bytes), hashes.AsSpan(0, n), types.AsSpan(0, n));
            for (int i = 0; i < n; i++)
            {
                long frame = (long)frames[i];

                // Frames the source skipped (holes) are zero now.
                for (; nextFrame < frame; nextFrame++)
                {
                    stability.ObserveZero(nextFrame);
                }

                nextFrame = frame + 1;
                if (types[i] == PageType.Zero)
                {
                    stability.ObserveZero(frame);
                    continue;
                }

                int stable = stability.Observe(frame, hashes[i]);
                bool selected = policy.Selects(stable);
                nonZero.Add(hashes[i]);
                var entry = new GuestMapEntry((ulong)frame, hashes[i], (uint)stable, selected);
                map.Add(entry);
                if (selected && !held.Contains(hashes[i]) && shipping.Add(hashes[i]))
                {
                    toShip.Add(entry);
                }
            }

            if (readBudget is not null)
            {
                await readBudget.TakeAsync((long)n * PageSize.Bytes, cancellationToken).ConfigureAwait(false);
            }
        }

        for (; nextFrame < source.FrameCount; nextFrame++)
        {
            stability.ObserveZero(nextFrame);
        }

        return new ScanResult(source.FrameCount, map.Count, nonZero.ToImmutable(), map.ToImmutable(), toShip.ToImmutable(), bytesRead);
    }
}
