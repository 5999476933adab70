using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace FtActors.Benchmarks.Store;

/// <summary>
/// In-process short runs: the store benchmarks touch a 4 GiB file that is built once, and a fresh
/// process per benchmark would only re-map it; two cores shared with other work make long runs no truer.
/// </summary>
public sealed class StoreBenchmarkConfig : ManualConfig
{
    public StoreBenchmarkConfig() =>
        AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("InProcess-Short"));
}
