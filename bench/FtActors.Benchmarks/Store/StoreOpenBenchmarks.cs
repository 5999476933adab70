using BenchmarkDotNet.Attributes;
using FtActors.Store;

namespace FtActors.Benchmarks.Store;

/// <summary>
/// Opening the 4 GiB synthetic store: trusting open (header checksum only: O(1)) and the default open
/// that also checks the index and map checksums (hashing about 21 bytes per page plus the maps).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(StoreBenchmarkConfig))]
public class StoreOpenBenchmarks
{
    private string _dir = "";

    [GlobalSetup]
    public void Setup()
    {
        StoreFixture.Ensure4G(out _);
        _dir = StoreFixture.Store4G;
    }

    [Benchmark]
    public long OpenHeaderOnly()
    {
        using PageStore s = PageStore.Open(_dir, verifyChecksums: false);
        return s.PageCount;
    }

    [Benchmark]
    public long OpenHeaderOnlyThenFirstLookup()
    {
        using PageStore s = PageStore.Open(_dir, verifyChecksums: false);
        return s.Contains(default) ? 1 : s.PageCount;
    }

    [Benchmark]
    public long OpenVerifyingChecksums()
    {
        using PageStore s = PageStore.Open(_dir, verifyChecksums: true);
        return s.PageCount;
    }
}
