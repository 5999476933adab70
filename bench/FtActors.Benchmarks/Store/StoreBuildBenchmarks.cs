using BenchmarkDotNet.Attributes;
using FtActors.Pages;
using FtActors.Store;

namespace FtActors.Benchmarks.Store;

/// <summary>
/// Scanning 256 MiB of guest memory held in memory (so the source costs a copy, not disk), per page
/// (OperationsPerInvoke = 65,536): into a store that already holds every page (the periodic re-scan of a
/// spare's guest: read, hash, look up, map) and into a fresh store (every page written, then committed
/// with fsync to the VM's disk).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(StoreBenchmarkConfig))]
public class StoreBuildBenchmarks
{
    private const int Frames = 65_536;
    private byte[] _memory = [];
    private string _dir = "";
    private PageStoreWriter? _warm;

    [GlobalSetup]
    public void Setup()
    {
        _memory = new byte[Frames * PageSize.Bytes];
        using (var s = new SyntheticPageSource(Frames * 4 / 5, 5))
        {
            ulong[] frames = new ulong[Frames];
            s.Read(frames, _memory);
        }

        _dir = Path.Combine(StoreFixture.Root, "build-" + Environment.ProcessId);
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, true);
        }

        _warm = PageStoreWriter.Create(Path.Combine(_dir, "warm"));
        _warm.AddScan("g", [new ArrayPageSource(_memory)], new SelectionOptions(), DateTimeOffset.UtcNow);
        _warm.Commit();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _warm?.Dispose();
        Directory.Delete(_dir, true);
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public long RescanAllHeld() =>
        _warm!.AddScan("g", [new ArrayPageSource(_memory)], new SelectionOptions(), DateTimeOffset.UtcNow).NewPages;

    [Benchmark(OperationsPerInvoke = Frames)]
    public long BuildFreshAndCommit()
    {
        string dir = Path.Combine(_dir, "fresh");
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, true);
        }

        using PageStoreWriter w = PageStoreWriter.Create(dir);
        long n = w.AddScan("g", [new ArrayPageSource(_memory)], new SelectionOptions(), DateTimeOffset.UtcNow).NewPages;
        w.Commit();
        return n;
    }
}
