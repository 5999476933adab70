using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace FtActors.Benchmarks.Pages;

/// <summary>
/// Config shared by the page benchmarks: allocation figures and a GB/s column. Every benchmark here sets
/// OperationsPerInvoke to the pages it handles, so the reported mean is per 4 KiB page. With
/// FTACTORS_BENCH_CPU_TIME=1 it adds a short in-process job timed by <see cref="ThreadCpuClock"/>, for
/// per-core figures on a machine that other processes keep busy.
/// </summary>
public sealed class PagesBenchmarkConfig : ManualConfig
{
    public PagesBenchmarkConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(new PageThroughputColumn());
        if (Environment.GetEnvironmentVariable("FTACTORS_BENCH_CPU_TIME") == "1")
        {
            AddJob(Job.ShortRun
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithClock(new ThreadCpuClock())
                .WithId("ShortRun-CpuTime"));
        }
    }
}
