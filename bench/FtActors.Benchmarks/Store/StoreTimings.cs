using System.Diagnostics;
using System.Globalization;
using FtActors.Pages;
using FtActors.Store;

namespace FtActors.Benchmarks.Store;

/// <summary>
/// Whole-process figures with a stopwatch: build of the 4 GiB store, open, 10 million lookups per way
/// (Contains, ContainsMany; a warm and a whole-index set of hashes), re-scan. CPU time is the process's.
/// </summary>
public static class StoreTimings
{
    public static int Run()
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        Console.WriteLine($"engine: {PageEngines.Default.Name}; store dir: {StoreFixture.Root}");
        TimeSpan cpuBefore = Environment.CpuUsage.TotalTime;
        TimeSpan? build = StoreFixture.Ensure4G(out SelectionReport? report);
        double buildCpu = (Environment.CpuUsage.TotalTime - cpuBefore).TotalSeconds;
        if (build is TimeSpan b && report is not null)
        {
            Console.WriteLine($"build 4 GiB store: {report.BytesRead / (double)(1 << 30):F2} GiB of guest read, {report.NewPages} pages written, " +
                $"{b.TotalSeconds:F1} s wall = {report.BytesRead / b.TotalSeconds / 1e9:F2} GB/s; {buildCpu:F1} s CPU = {report.BytesRead / buildCpu / 1e9:F2} GB/s per core " +
                $"(including generating the pages, writing and fsyncing {report.NewBytes / (double)(1 << 30):F2} GiB)");
        }
        else
        {
            Console.WriteLine("build: store already present (delete it to time the build)");
        }

        var clock = Stopwatch.StartNew();
        using (PageStore s = PageStore.Open(StoreFixture.Store4G, verifyChecksums: false))
        {
            Console.WriteLine($"open (header only): {clock.Elapsed.TotalMilliseconds:F3} ms; {s.PageCount} pages, {s.PagesFileBytes / (double)(1 << 30):F2} GiB page area, index {s.IndexBytes} bytes = {(double)s.IndexBytes / s.PageCount:F2} bytes/page");
        }

        clock.Restart();
        using PageStore store = PageStore.Open(StoreFixture.Store4G, verifyChecksums: true);
        Console.WriteLine($"open (verifying index and map checksums): {clock.Elapsed.TotalMilliseconds:F1} ms");

        // 64 Ki hashes (their buckets stay in the 105 MiB L3 after the first round) and 1 Mi hashes (every
        // bucket of the 22 MB index, at random), each looked up one at a time and in batches of 1024.
        foreach (int distinct in new[] { 1 << 16, 1 << 20 })
        {
            PageHash[] hashes = StoreFixture.MixedHashes(distinct);
            long rounds = (10L << 20) / distinct;
            Lookups($"Contains, {distinct} hashes", rounds * distinct, () =>
            {
                long found = 0;
                for (long r = 0; r < rounds; r++)
                {
                    foreach (PageHash h in hashes)
                    {
                        found += store.Contains(h) ? 1 : 0;
                    }
                }

                return found;
            });
            bool[] held = new bool[1024];
            Lookups($"ContainsMany (1024 a call), {distinct} hashes", rounds * distinct, () =>
            {
                long found = 0;
                for (long r = 0; r < rounds; r++)
                {
                    for (int at = 0; at < hashes.Length; at += held.Length)
                    {
                        found += store.ContainsMany(hashes.AsSpan(at, held.Length), held);
                    }
                }

                return found;
            });
        }

        clock.Restart();
        var rescan = new SyntheticPageSource(StoreFixture.UniquePages / 4, StoreFixture.RepeatEvery);
        string warm = Path.Combine(StoreFixture.Root, "rescan-" + Environment.ProcessId);
        using (PageStoreWriter w = PageStoreWriter.Create(warm))
        {
            w.AddScan("g", [rescan], new SelectionOptions(), DateTimeOffset.UtcNow);
            w.Commit();
            rescan.Rewind();
            TimeSpan c0 = Environment.CpuUsage.TotalTime;
            clock.Restart();
            SelectionReport again = w.AddScan("g", [rescan], new SelectionOptions(), DateTimeOffset.UtcNow);
            double s2 = clock.Elapsed.TotalSeconds;
            double c2 = (Environment.CpuUsage.TotalTime - c0).TotalSeconds;
            Console.WriteLine($"re-scan of a {again.BytesRead / (double)(1 << 30):F2} GiB synthetic guest the store already holds: {s2:F2} s wall = {again.BytesRead / s2 / 1e9:F2} GB/s; " +
                $"{c2:F2} s CPU = {again.BytesRead / c2 / 1e9:F2} GB/s per core (generating the pages included)");
        }

        Directory.Delete(warm, true);
        return 0;
    }

    private static void Lookups(string what, long lookups, Func<long> run)
    {
        run(); // warm: JIT, the fanout copy, the caches
        TimeSpan cpu0 = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        long found = run();
        double seconds = clock.Elapsed.TotalSeconds;
        double cpuSeconds = (Environment.CpuUsage.TotalTime - cpu0).TotalSeconds;
        Console.WriteLine($"{what}: {lookups} lookups in {seconds:F2} s wall = {lookups / seconds / 1e6:F1} million/s; {cpuSeconds:F2} s CPU = " +
            $"{lookups / cpuSeconds / 1e6:F1} million/s per core ({found * 100.0 / lookups:F0}% hits; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
    }
}
