using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace FtActors.Benchmarks.Persistence;

/// <summary>
/// Config shared by the persistence benchmarks: allocations, an events/s column, and a build timeout long
/// enough for a shared 2-core machine (BenchmarkDotNet's 2 minutes ran out there while building the
/// generated project).
/// </summary>
public sealed class PersistenceBenchmarkConfig : ManualConfig
{
    public PersistenceBenchmarkConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(new EventsPerSecondColumn());
        WithBuildTimeout(TimeSpan.FromMinutes(15));
    }
}
