using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace FtActors.Benchmarks.Pages;

/// <summary>
/// Config shared by the page benchmarks: allocation figures and a GB/s column. Every benchmark here sets
/// OperationsPerInvoke to the pages it handles, so the reported mean is per 4 KiB page.
/// </summary>
public sealed class PagesBenchmarkConfig : ManualConfig
{
    public PagesBenchmarkConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(new PageThroughputColumn());
    }
}
