using System.Threading.Channels;
using FtActors.Kernel;
using FtActors.TestKit;

namespace FtActors.Cluster.Tests.Support;

/// <summary>An actor in any system that records what it receives, and waits for a matching message.</summary>
public sealed class Collector
{
    private readonly Channel<object> _received = Channel.CreateUnbounded<object>();
    private readonly List<object> _seen = [];

    public Collector(ActorSystem system, string name)
    {
        var writer = _received.Writer;
        Ref = system.ActorOf(Props.Create(() => new CollectorActor(writer)), name);
    }

    public IActorRef Ref { get; }

    /// <summary>Skips messages until one of type <typeparamref name="T"/> matches; fails after the (dilated) timeout.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool> predicate, string what, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TestKitSettings.Dilated(TimeSpan.FromSeconds(30)));
        try
        {
            while (true)
            {
                var message = await _received.Reader.ReadAsync(cts.Token);
                _seen.Add(message);
                if (message is T typed && predicate(typed))
                {
                    return typed;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"expected {what}, found none in time among:\n{string.Join('\n', _seen)}");
        }
    }

    private sealed class CollectorActor : ReceiveActor
    {
        public CollectorActor(ChannelWriter<object> writer) => ReceiveAny(m => writer.TryWrite(m));
    }
}
