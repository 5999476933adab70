using BenchmarkDotNet.Attributes;
using FtActors.Remoting;

namespace FtActors.Benchmarks.Remoting;

/// <summary>Round-trip latency: a Ping to a remote echo and its Pong back, one at a time.</summary>
[MemoryDiagnoser]
public class RemotingRoundTripBenchmark
{
    private BenchNodes _nodes = null!;
    private RemoteActorRef _echo = null!;
    private BenchNodes.CallbackRef _client = null!;
    private BenchPing _ping = null!;
    private TaskCompletionSource _reply = new();

    [Params(false, true)]
    public bool Tls { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _nodes = BenchNodes.Start(Tls);
        BenchNodes.CallbackRef? echo = null;
        echo = new BenchNodes.CallbackRef("ftactors://bench/user/echo", (message, sender) =>
            sender?.Tell(new BenchPong(((BenchPing)message).Seq, "pong"), echo));
        _nodes.ResolverB.Add("echo", echo);
        _client = new BenchNodes.CallbackRef("ftactors://bench/user/client", (_, _) => _reply.TrySetResult());
        _nodes.ResolverA.Add("client", _client);
        _echo = _nodes.A.RemoteRef($"{_nodes.B.Address}/user/echo");
        _ping = new BenchPing(1, "ping");
        RoundTrip().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _nodes.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "Ping → Pong round trip")]
    public async Task RoundTrip()
    {
        _reply = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _echo.Tell(_ping, _client);
        await _reply.Task;
    }
}
