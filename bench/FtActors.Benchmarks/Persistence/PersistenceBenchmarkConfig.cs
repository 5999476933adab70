using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace FtActors.Benchmarks.Persistence;

/// <summary>Config shared by the persistence benchmarks: allocations and an events/s column.</summary>
public sealed class PersistenceBenchmarkConfig : ManualConfig
{
    public PersistenceBenchmarkConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(new EventsPerSecondColumn());
    }
}
