using BenchmarkDotNet.Attributes;
using FtActors.Kernel;

namespace FtActors.Benchmarks.Actor;

/// <summary>
/// Message throughput of the kernel: each benchmark reports time per message (OperationsPerInvoke), so
/// messages per second is 1e9 / Mean(ns). Allocation columns show per-message garbage.
/// </summary>
[MemoryDiagnoser]
public class ActorMessagingBenchmarks
{
    private const int TellOnlyMessages = 1_000_000;
    private const int PingPongRoundTrips = 100_000;
    private const int ManyActors = 1000;
    private const int BurstPerActor = 100;

    private readonly Countdown _countdown = new();
    private ActorSystem _system = null!;
    private IActorRef _sink = null!;
    private IActorRef _ping = null!;
    private IActorRef _pong = null!;
    private IActorRef[] _many = [];
    private IActorRef _reply = null!;

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench");
        _sink = _system.ActorOf(Props.Create(() => new CountingSinkActor(_countdown)), "sink");
        _ping = _system.ActorOf(Props.Create(() => new PingPongActor(_countdown)), "ping");
        _pong = _system.ActorOf(Props.Create(() => new PingPongActor(_countdown)), "pong");
        _many = [.. Enumerable.Range(0, ManyActors).Select(i => _system.ActorOf(Props.Create(() => new CountingSinkActor(_countdown)), $"many-{i}"))];
        _reply = _system.ActorOf(Props.Create<ReplyActor>(), "reply");
    }

    [GlobalCleanup]
    public void Cleanup() => _system.TerminateAsync().GetAwaiter().GetResult();

    /// <summary>One thread tells one actor as fast as it can; the actor counts.</summary>
    [Benchmark(OperationsPerInvoke = TellOnlyMessages)]
    public async Task TellOnly_OneActor()
    {
        _countdown.Reset(TellOnlyMessages);
        var sink = _sink;
        for (var i = 0; i < TellOnlyMessages; i++)
        {
            sink.Tell(i);
        }

        await _countdown.Done.ConfigureAwait(false);
    }

    /// <summary>Two actors bounce one message; every hop is a Tell plus a mailbox schedule (2 messages per round trip).</summary>
    [Benchmark(OperationsPerInvoke = PingPongRoundTrips * 2)]
    public async Task PingPong_TwoActors()
    {
        _countdown.Reset(1);
        _ping.Tell(PingPongRoundTrips * 2, _pong);
        await _countdown.Done.ConfigureAwait(false);
    }

    /// <summary>1000 actors each receive a burst of 100 messages, spread round-robin by one sender.</summary>
    [Benchmark(OperationsPerInvoke = ManyActors * BurstPerActor)]
    public async Task Bursts_ThousandActors()
    {
        _countdown.Reset(ManyActors * BurstPerActor);
        var actors = _many;
        for (var round = 0; round < BurstPerActor; round++)
        {
            for (var a = 0; a < actors.Length; a++)
            {
                actors[a].Tell(round);
            }
        }

        await _countdown.Done.ConfigureAwait(false);
    }

    /// <summary>One Ask and its reply: the latency of a request-response through the kernel.</summary>
    [Benchmark]
    public Task<object> Ask_RoundTrip() => _reply.Ask<object>("ping", TimeSpan.FromSeconds(10));
}
