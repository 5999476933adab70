using System.Threading.Channels;
using FtActors.Kernel;

namespace FtActors.TestKit;

/// <summary>The real actor behind a <see cref="TestProbe"/>: it records every message with its sender.</summary>
internal sealed class ProbeActor(ChannelWriter<ReceivedMessage> received) : UntypedActor
{
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case WatchRequest watch:
                Context.Watch(watch.Target);
                break;
            case UnwatchRequest unwatch:
                Context.Unwatch(unwatch.Target);
                break;
            default:
                received.TryWrite(new ReceivedMessage(message, Sender));
                break;
        }
    }

    internal sealed record WatchRequest(IActorRef Target);

    internal sealed record UnwatchRequest(IActorRef Target);
}

/// <summary>A message a probe received, with its sender.</summary>
/// <param name="Message">The message.</param>
/// <param name="Sender">Its sender (the system's dead letters when it had none).</param>
public sealed record ReceivedMessage(object Message, IActorRef Sender);
