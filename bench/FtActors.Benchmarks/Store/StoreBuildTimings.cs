using System.Diagnostics;
using System.Globalization;
using FtActors.Pages;
using FtActors.Store;

namespace FtActors.Benchmarks.Store;

/// <summary>
/// Fresh builds with a stopwatch and the process's CPU time (user and system): a synthetic guest (random
/// pages, every fifth frame one of 64 repeated ones) is built into an empty store, written and committed with
/// fsync, several times. Two sources: the guest held in memory (the source costs one copy per page) and the
/// same guest as a raw file read with pread (`store build --format raw`; from the page cache after the first
/// round). The pages are generated once, before any clock starts, so the figure is the store's cost, not the
/// generator's. Also times the page engine's classify (hash and type) of the same memory alone: the floor.
/// Arguments: [guest MiB, default 1024] [rounds, default 3].
/// </summary>
public static class StoreBuildTimings
{
    public static int Run(string[] args)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        int mib = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1024;
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        int frames = mib * 256;
        string root = Path.Combine(StoreFixture.Root, "build-timings-" + Environment.ProcessId);
        Directory.CreateDirectory(root);
        try
        {
            byte[] memory = GC.AllocateUninitializedArray<byte>(frames * PageSize.Bytes);
            using (var s = new SyntheticPageSource(frames * 4L / 5, StoreFixture.RepeatEvery))
            {
                s.Read(new ulong[frames], memory);
            }

            string raw = Path.Combine(root, "guest.raw");
            File.WriteAllBytes(raw, memory);
            Console.WriteLine($"engine: {PageEngines.Default.Name}; store library: {typeof(PageStore).Assembly.Location} " +
                $"({File.GetLastWriteTimeUtc(typeof(PageStore).Assembly.Location):u}); guest {mib} MiB, {frames} frames");

            Measure("classify alone (hash + type, 1024 pages a call)", memory.LongLength, () =>
            {
                var hashes = new PageHash[PageSize.BatchPages];
                var types = new PageType[PageSize.BatchPages];
                for (long at = 0; at < memory.LongLength; at += PageSize.BatchPages * PageSize.Bytes)
                {
                    PageEngines.Default.Classify(memory.AsSpan((int)at, PageSize.BatchPages * PageSize.Bytes), hashes, types);
                }

                return "";
            });

            for (int r = 0; r < rounds; r++)
            {
                Measure($"fresh build from memory, round {r + 1}", memory.LongLength, () => Build(Path.Combine(root, "mem"), new ArrayPageSource(memory)));
                Measure($"fresh build from a raw file, round {r + 1}", memory.LongLength, () => Build(Path.Combine(root, "raw"), new RawFilePageSource(raw)));
            }
        }
        finally
        {
            Directory.Delete(root, true);
        }

        return 0;
    }

    private static string Build(string dir, IPageSource source)
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, true);
        }

        using (source)
        using (PageStoreWriter w = PageStoreWriter.Create(dir))
        {
            SelectionReport report = w.AddScan("g", [source], new SelectionOptions(), DateTimeOffset.UtcNow);
            w.Commit();
            return $"{report.NewPages} pages written";
        }
    }

    private static void Measure(string what, long bytes, Func<string> run)
    {
        GC.Collect();
        TimeSpan user0 = Environment.CpuUsage.UserTime, sys0 = Environment.CpuUsage.PrivilegedTime;
        var clock = Stopwatch.StartNew();
        string note = run();
        double wall = clock.Elapsed.TotalSeconds;
        double user = (Environment.CpuUsage.UserTime - user0).TotalSeconds, sys = (Environment.CpuUsage.PrivilegedTime - sys0).TotalSeconds;
        double cpu = user + sys;
        Console.WriteLine($"{what}: {wall:F2} s wall = {bytes / wall / 1e9:F2} GB/s; {cpu:F2} s CPU ({user:F2} user + {sys:F2} sys) = " +
            $"{bytes / cpu / 1e9:F2} GB/s per core{(note.Length > 0 ? "; " + note : "")} (load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
    }
}
