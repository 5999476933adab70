using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using FtActors.Pages;
using FtActors.Pages.Hashing;

namespace FtActors.Benchmarks.Pages;

/// <summary>
/// Why XXH3-128: the cost per random 4 KiB page of XXH3-128 and XXH3-64 in the native library, XXH3-128
/// in managed code (at its default, the widest level the CPU has, and at 256 bits), and SHA-256 from the BCL
/// (System.Security.Cryptography, which uses the CPU's SHA extensions when present). The same 128 pages
/// (512 KiB, resident in L2) are hashed eight times per operation, so memory does not hide the
/// difference in compute.
/// </summary>
[Config(typeof(PagesBenchmarkConfig))]
public class HashChoiceBenchmarks
{
    private const int Batch = PageSize.BatchPages;
    private const int Resident = Batch / 8;

    private readonly PageHash[] _hashes = new PageHash[Batch];
    private readonly PageType[] _types = new PageType[Batch];
    private readonly ulong[] _hashes64 = new ulong[Batch];
    private readonly byte[] _digest = new byte[32];
    private byte[] _pages = [];
    private NativePageEngine? _native;

    [GlobalSetup]
    public void Setup()
    {
        _pages = new byte[Resident * PageSize.Bytes];
        new Random(42).NextBytes(_pages);
        _native = PageEngines.Native as NativePageEngine;
    }

    [Benchmark(OperationsPerInvoke = Batch, Baseline = true)]
    public void Xxh3_128_Native()
    {
        for (int round = 0; round < 8; round++)
        {
            Native().Classify(_pages, _hashes.AsSpan(0, Resident), _types.AsSpan(0, Resident));
        }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Xxh3_64_Native()
    {
        for (int round = 0; round < 8; round++)
        {
            Native().Hash64Pages(_pages, _hashes64.AsSpan(0, Resident));
        }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Xxh3_128_Managed() => HashManaged(Xxh3.BestLevel);

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Xxh3_128_Managed_Vector256() => HashManaged(SimdLevel.Vector256);

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Sha256_Bcl()
    {
        for (int i = 0; i < Batch; i++)
        {
            SHA256.HashData(_pages.AsSpan((i % Resident) * PageSize.Bytes, PageSize.Bytes), _digest);
        }
    }

    private void HashManaged(SimdLevel level)
    {
        for (int i = 0; i < Batch; i++)
        {
            _hashes[i] = Xxh3.Hash128(_pages.AsSpan((i % Resident) * PageSize.Bytes, PageSize.Bytes), level);
        }
    }

    private NativePageEngine Native() =>
        _native ?? throw new InvalidOperationException("libftpages.so did not load: " + PageEngines.DefaultReason);
}
