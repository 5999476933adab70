using BenchmarkDotNet.Attributes;
using FtActors.Pages;

namespace FtActors.Benchmarks.Pages;

/// <summary>
/// Classify throughput on one core, native vs managed, for random and zero pages. InL2 classifies the
/// same 128 pages (512 KiB) eight times per 1024-page operation, so the data stays in L2 and the figure
/// is compute-bound; InCache classifies the same 1024-page (4 MiB) batch every time, which lives in L3;
/// Dram walks a 1 GiB buffer batch by batch, far larger than the last-level cache.
/// </summary>
[Config(typeof(PagesBenchmarkConfig))]
public class ClassifyBenchmarks
{
    private const int Batch = PageSize.BatchPages;
    private const long DramBytes = 1L << 30;

    private readonly PageHash[] _hashes = new PageHash[Batch];
    private readonly PageType[] _types = new PageType[Batch];
    private byte[] _batch = [];
    private byte[] _dram = [];
    private long _dramOffset;
    private IPageEngine _engine = PageEngines.Managed;

    [Params("native", "managed")]
    public string Engine { get; set; } = "native";

    [Params("random", "zero")]
    public string Content { get; set; } = "random";

    [GlobalSetup(Targets = [nameof(InCache), nameof(InL2)])]
    public void SetupInCache()
    {
        _engine = ChooseEngine(Engine);
        _batch = Fill(Batch * PageSize.Bytes);
    }

    [GlobalSetup(Target = nameof(Dram))]
    public void SetupDram()
    {
        _engine = ChooseEngine(Engine);
        _dram = Fill(DramBytes);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _batch = [];
        _dram = [];
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void InL2()
    {
        const int pages = Batch / 8;
        for (int i = 0; i < 8; i++)
        {
            _engine.Classify(_batch.AsSpan(0, pages * PageSize.Bytes), _hashes.AsSpan(0, pages), _types.AsSpan(0, pages));
        }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void InCache() => _engine.Classify(_batch, _hashes, _types);

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Dram()
    {
        const int batchBytes = Batch * PageSize.Bytes;
        _engine.Classify(_dram.AsSpan((int)_dramOffset, batchBytes), _hashes, _types);
        _dramOffset = (_dramOffset + batchBytes) % DramBytes;
    }

    internal static IPageEngine ChooseEngine(string name) => name == "native"
        ? PageEngines.Native ?? throw new InvalidOperationException("libftpages.so did not load: " + PageEngines.DefaultReason)
        : PageEngines.Managed;

    private byte[] Fill(long length)
    {
        // Written explicitly (zeros included) so that every page is backed by its own physical memory,
        // not the kernel's shared zero page, which would make the DRAM case a cache benchmark.
        byte[] buffer = GC.AllocateUninitializedArray<byte>(checked((int)length));
        if (Content == "zero")
        {
            buffer.AsSpan().Clear();
        }
        else
        {
            new Random(42).NextBytes(buffer);
        }

        return buffer;
    }
}
