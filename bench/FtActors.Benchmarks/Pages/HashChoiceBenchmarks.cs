using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using FtActors.Pages;

namespace FtActors.Benchmarks.Pages;

/// <summary>
/// Why XXH3-128: the cost per random 4 KiB page (a 1024-page batch in cache) of XXH3-128 and XXH3-64 in
/// the native library, XXH3-128 in managed code, and SHA-256 from the BCL (System.Security.Cryptography,
/// which uses the CPU's SHA extensions when present).
/// </summary>
[Config(typeof(PagesBenchmarkConfig))]
public class HashChoiceBenchmarks
{
    private const int Batch = PageSize.BatchPages;

    private readonly PageHash[] _hashes = new PageHash[Batch];
    private readonly PageType[] _types = new PageType[Batch];
    private readonly ulong[] _hashes64 = new ulong[Batch];
    private readonly byte[] _digest = new byte[32];
    private byte[] _pages = [];
    private NativePageEngine? _native;

    [GlobalSetup]
    public void Setup()
    {
        _pages = new byte[Batch * PageSize.Bytes];
        new Random(42).NextBytes(_pages);
        _native = PageEngines.Native as NativePageEngine;
    }

    [Benchmark(OperationsPerInvoke = Batch, Baseline = true)]
    public void Xxh3_128_Native() => Native().Classify(_pages, _hashes, _types);

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Xxh3_64_Native() => Native().Hash64Pages(_pages, _hashes64);

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Xxh3_128_Managed()
    {
        IPageEngine managed = PageEngines.Managed;
        for (int i = 0; i < Batch; i++)
        {
            _hashes[i] = managed.Hash(_pages.AsSpan(i * PageSize.Bytes, PageSize.Bytes));
        }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Sha256_Bcl()
    {
        for (int i = 0; i < Batch; i++)
        {
            SHA256.HashData(_pages.AsSpan(i * PageSize.Bytes, PageSize.Bytes), _digest);
        }
    }

    private NativePageEngine Native() =>
        _native ?? throw new InvalidOperationException("libftpages.so did not load: " + PageEngines.DefaultReason);
}
