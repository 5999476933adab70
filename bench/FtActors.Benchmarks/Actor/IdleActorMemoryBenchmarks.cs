using BenchmarkDotNet.Attributes;
using FtActors.Kernel;

namespace FtActors.Benchmarks.Actor;

/// <summary>
/// Memory per idle actor: creates 10 000 started actors per invocation; with OperationsPerInvoke the Allocated
/// column is bytes allocated per actor (cell, reference, path, mailbox channel, actor object).
/// </summary>
[MemoryDiagnoser]
public class IdleActorMemoryBenchmarks
{
    private const int Actors = 10_000;
    private readonly Countdown _started = new();
    private ActorSystem _system = null!;
    private int _round;

    [IterationSetup]
    public void Setup() => _system = ActorSystem.Create("idle");

    [IterationCleanup]
    public void Cleanup() => _system.TerminateAsync().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Actors)]
    public async Task Create_IdleActors()
    {
        _started.Reset(Actors);
        var props = Props.Create(() => new IdleActor(_started));
        var prefix = "idle-" + _round++ + "-";
        for (var i = 0; i < Actors; i++)
        {
            _system.ActorOf(props, prefix + i);
        }

        await _started.Done.ConfigureAwait(false);
    }
}
