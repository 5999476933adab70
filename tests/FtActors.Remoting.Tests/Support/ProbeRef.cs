using System.Threading.Channels;
using FtActors.Kernel;
using FtActors.TestKit;

namespace FtActors.Remoting.Tests.Support;

/// <summary>
/// A bare <see cref="IActorRef"/> that records what remoting delivers to it, for tests of the transport without an
/// actor system. An optional callback runs on Tell (to reply, like an echo actor would).
/// </summary>
internal sealed class ProbeRef : IActorRef
{
    private readonly Channel<(object Message, IActorRef? Sender)> _received = Channel.CreateUnbounded<(object, IActorRef?)>();
    private readonly Action<object, IActorRef?>? _onTell;

    public ProbeRef(string path, Action<object, IActorRef?>? onTell = null)
    {
        Path = ActorPath.Parse(path);
        _onTell = onTell;
    }

    public ActorPath Path { get; }

    public void Tell(object message, IActorRef? sender = null)
    {
        _received.Writer.TryWrite((message, sender));
        _onTell?.Invoke(message, sender);
    }

    public ValueTask TellAsync(object message, IActorRef? sender = null, CancellationToken cancellationToken = default)
    {
        Tell(message, sender);
        return ValueTask.CompletedTask;
    }

    public bool TryTake(out (object Message, IActorRef? Sender) item) => _received.Reader.TryRead(out item);

    public async Task<(T Message, IActorRef? Sender)> ExpectAsync<T>(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TestKitSettings.Dilated(TimeSpan.FromSeconds(10)));
        try
        {
            var (message, sender) = await _received.Reader.ReadAsync(cts.Token);
            return message is T typed
                ? (typed, sender)
                : throw new Xunit.Sdk.XunitException($"Expected a {typeof(T).Name}, received {message}.");
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"Expected a {typeof(T).Name} at {Path}, received nothing in time.");
        }
    }
}
