using BenchmarkDotNet.Attributes;
using FtActors.Pages;
using FtActors.Store;

namespace FtActors.Benchmarks.Store;

/// <summary>
/// Lookups in the 4 GiB synthetic store (1,048,640 pages), half hits and half misses, per lookup
/// (OperationsPerInvoke = 1024): Contains, the bulk ContainsMany, and TryRead (pread + re-hash).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(StoreBenchmarkConfig))]
public class StoreLookupBenchmarks
{
    private PageStore _store = null!;
    private PageHash[] _hashes = [];
    private readonly bool[] _held = new bool[1024];
    private readonly byte[] _page = new byte[PageSize.Bytes];
    private int _offset;

    [GlobalSetup]
    public void Setup()
    {
        StoreFixture.Ensure4G(out _);
        _store = PageStore.Open(StoreFixture.Store4G);
        _hashes = StoreFixture.MixedHashes(64 * 1024);
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    private ReadOnlySpan<PageHash> NextBatch()
    {
        _offset = (_offset + 1024) % _hashes.Length;
        return _hashes.AsSpan(_offset, 1024);
    }

    [Benchmark(OperationsPerInvoke = 1024)]
    public int Contains()
    {
        int found = 0;
        foreach (PageHash h in NextBatch())
        {
            found += _store.Contains(h) ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = 1024)]
    public int ContainsMany() => _store.ContainsMany(NextBatch(), _held);

    [Benchmark(OperationsPerInvoke = 1024)]
    public int TryReadVerified()
    {
        int found = 0;
        foreach (PageHash h in NextBatch())
        {
            found += _store.TryRead(h, _page) ? 1 : 0;
        }

        return found;
    }
}
