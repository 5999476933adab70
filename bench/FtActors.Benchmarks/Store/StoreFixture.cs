using System.Diagnostics;
using FtActors.Pages;
using FtActors.Store;

namespace FtActors.Benchmarks.Store;

/// <summary>
/// The synthetic stores the benchmarks share, built once under FTACTORS_BENCH_DIR (default
/// /tmp/ftactors-store-bench) and reused: "4g" holds 1,048,640 distinct pages (4 GiB of page area)
/// from a 5 GiB guest of random pages with every fifth frame one of 64 repeated ones.
/// </summary>
public static class StoreFixture
{
    public const long UniquePages = 1L << 20;
    public const int RepeatEvery = 5;

    public static string Root => Environment.GetEnvironmentVariable("FTACTORS_BENCH_DIR") ?? "/tmp/ftactors-store-bench";

    public static string Store4G => Path.Combine(Root, "4g");

    /// <summary>Builds the 4 GiB store if it is not there; returns the build time, or null when it existed.</summary>
    public static TimeSpan? Ensure4G(out SelectionReport? report)
    {
        report = null;
        if (PageStore.Exists(Store4G))
        {
            return null;
        }

        var clock = Stopwatch.StartNew();
        using (PageStoreWriter w = PageStoreWriter.Create(Store4G))
        using (var source = new SyntheticPageSource(UniquePages, RepeatEvery))
        {
            report = w.AddScan("synthetic", [source], new SelectionOptions(), DateTimeOffset.UtcNow);
            w.Commit();
        }

        return clock.Elapsed;
    }

    /// <summary>Hashes that the 4 GiB store holds (even slots) and does not hold (odd), for lookups.</summary>
    public static PageHash[] MixedHashes(int count)
    {
        var engine = PageEngines.Default;
        var hashes = new PageHash[count];
        byte[] page = new byte[PageSize.Bytes];
        var rng = new Random(42);
        for (int i = 0; i < count; i++)
        {
            // Held: the content of a non-repeated frame f (filled with seed f + 1,000,000); missing: a seed past them all.
            ulong seed = (ulong)(UniquePages * 4) + (ulong)i + 1_000_000;
            if (i % 2 == 0)
            {
                long f = rng.NextInt64(0, UniquePages);
                seed = (ulong)(f % RepeatEvery == RepeatEvery - 1 ? f - 1 : f) + 1_000_000;
            }

            SyntheticPageSource.Fill(page, seed);
            hashes[i] = engine.Hash(page);
        }

        return hashes;
    }
}
