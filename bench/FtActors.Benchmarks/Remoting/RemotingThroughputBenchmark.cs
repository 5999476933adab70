using BenchmarkDotNet.Attributes;
using FtActors.Remoting;

namespace FtActors.Benchmarks.Remoting;

/// <summary>One-way remote messages per second between two nodes on loopback: TellAsync a batch, wait until all arrived.</summary>
[MemoryDiagnoser]
public class RemotingThroughputBenchmark
{
    private const int Batch = 10_000;
    private BenchNodes _nodes = null!;
    private RemoteActorRef _sink = null!;
    private BenchPing _ping = null!;
    private int _received;
    private TaskCompletionSource _done = new();

    [Params(false, true)]
    public bool Tls { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _nodes = BenchNodes.Start(Tls);
        _nodes.ResolverB.Add("sink", new BenchNodes.CallbackRef("ftactors://bench/user/sink", (_, _) =>
        {
            if (Interlocked.Increment(ref _received) == Batch)
            {
                _done.TrySetResult();
            }
        }));
        _sink = _nodes.A.RemoteRef($"{_nodes.B.Address}/user/sink");
        _ping = new BenchPing(1, "a small control message");
        Run().GetAwaiter().GetResult(); // connect and warm the association outside the measurement
    }

    [GlobalCleanup]
    public void Cleanup() => _nodes.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Batch, Description = "one-way Tell, per message")]
    public async Task Run()
    {
        _received = 0;
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (var i = 0; i < Batch; i++)
        {
            await _sink.TellAsync(_ping);
        }

        await _done.Task;
    }
}
