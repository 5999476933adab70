using FtActors.Kernel;

namespace FtActors.Benchmarks.Actor;

/// <summary>Counts messages and completes a task at a target count; the target is reset per benchmark invocation.</summary>
internal sealed class CountingSinkActor : ReceiveActor
{
    public CountingSinkActor(Countdown countdown) => Receive<int>(_ => countdown.Signal());
}

/// <summary>One side of a ping-pong: answers each int with the next one until the count runs out.</summary>
internal sealed class PingPongActor : ReceiveActor
{
    public PingPongActor(Countdown countdown) => Receive<int>(remaining =>
    {
        if (remaining == 0)
        {
            countdown.Signal();
            return;
        }

        Sender.Tell(remaining - 1, Self);
    });
}

/// <summary>Replies to every message (for Ask round trips).</summary>
internal sealed class ReplyActor : ReceiveActor
{
    public ReplyActor() => ReceiveAny(m => Sender.Tell(m));
}

/// <summary>An actor that does nothing, counting its start so the benchmark knows all are live.</summary>
internal sealed class IdleActor : ReceiveActor
{
    private readonly Countdown _started;

    public IdleActor(Countdown started)
    {
        _started = started;
        ReceiveAny(_ => { });
    }

    protected override void PreStart() => _started.Signal();
}

/// <summary>A reusable countdown that completes a task when it reaches zero, without allocating per signal.</summary>
internal sealed class Countdown
{
    private int _remaining;
    private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Done => _done.Task;

    public void Reset(int count)
    {
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _remaining, count);
    }

    public void Signal()
    {
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            _done.TrySetResult();
        }
    }
}
