using System.Threading.Channels;

namespace FtActors.Kernel;

/// <summary>
/// An actor's two queues and its scheduling state. User messages sit in a channel (many writers, one reader);
/// system messages in a small locked queue that the cell drains first. The mailbox is its own thread-pool work
/// item, so scheduling a run allocates nothing.
/// </summary>
/// <remarks>
/// Invariant: at most one thread runs <see cref="Execute"/> for a mailbox at a time. <see cref="_status"/> is 1
/// from the successful compare-exchange in <see cref="Schedule"/> until the run's final exchange back to 0; a
/// producer that loses the race relies on the running thread re-checking for work after that exchange.
/// </remarks>
internal sealed class Mailbox : IThreadPoolWorkItem
{
    private readonly ChannelReader<Envelope> _reader;
    private readonly ChannelWriter<Envelope> _writer;
    private readonly Queue<SystemMessage> _system = new();
    private ActorCell _cell = null!;
    private int _status;
    private int _systemCount;
    private bool _closed;

    public Mailbox(MailboxOptions options)
    {
        Channel<Envelope> channel = options.Capacity is { } capacity
            ? Channel.CreateBounded<Envelope>(new BoundedChannelOptions(capacity)
            {
                FullMode = BoundedChannelFullMode.Wait,
                SingleReader = true,
                SingleWriter = false,
                AllowSynchronousContinuations = false,
            })
            : Channel.CreateUnbounded<Envelope>(new UnboundedChannelOptions
            {
                SingleReader = true,
                SingleWriter = false,
                AllowSynchronousContinuations = false,
            });
        _reader = channel.Reader;
        _writer = channel.Writer;
        IsBounded = options.Capacity is not null;
    }

    public bool IsBounded { get; }

    /// <summary>True once the actor has stopped; nothing is accepted any more.</summary>
    public bool IsClosed => Volatile.Read(ref _closed);

    public bool HasSystemMessages => Volatile.Read(ref _systemCount) != 0;

    public void Attach(ActorCell cell) => _cell = cell;

    /// <summary>Queues a user message; false when the mailbox is closed or (bounded) full.</summary>
    public bool TryPost(in Envelope envelope)
    {
        if (!_writer.TryWrite(envelope))
        {
            return false;
        }

        Schedule();
        return true;
    }

    /// <summary>Queues a user message, waiting for room on a full bounded mailbox.</summary>
    public async ValueTask PostAsync(Envelope envelope, CancellationToken cancellationToken)
    {
        await _writer.WriteAsync(envelope, cancellationToken).ConfigureAwait(false);
        Schedule();
    }

    public bool TryDequeue(out Envelope envelope) => _reader.TryRead(out envelope);

    /// <summary>Queues a system message; false when the actor has already stopped.</summary>
    public bool TryPostSystem(SystemMessage message)
    {
        lock (_system)
        {
            if (_closed)
            {
                return false;
            }

            _system.Enqueue(message);
            _systemCount++;
        }

        Schedule();
        return true;
    }

    public bool TryDequeueSystem(out SystemMessage? message)
    {
        if (Volatile.Read(ref _systemCount) == 0)
        {
            message = null;
            return false;
        }

        lock (_system)
        {
            if (_system.TryDequeue(out message))
            {
                _systemCount--;
                return true;
            }

            return false;
        }
    }

    /// <summary>
    /// Closes both queues. Returns the system messages still queued so the cell can answer them (a Watch gets a
    /// death notice); the caller then drains user messages to dead letters with <see cref="TryDequeue"/>.
    /// </summary>
    public List<SystemMessage> Close()
    {
        List<SystemMessage> leftovers;
        lock (_system)
        {
            _closed = true;
            leftovers = [.. _system];
            _system.Clear();
            _systemCount = 0;
        }

        _writer.TryComplete();
        return leftovers;
    }

    /// <summary>Queues a run unless one is queued or running.</summary>
    /// <param name="preferLocal">
    /// True when waking an idle actor: the sender's own worker queue keeps hand-offs (ping-pong, replies) on a
    /// warm thread. False when re-queuing an actor that used up its throughput: the global FIFO queue puts it
    /// behind waiting actors, where the owner's LIFO local queue would run it again at once and starve them.
    /// </param>
    public void Schedule(bool preferLocal = true)
    {
        if (Interlocked.CompareExchange(ref _status, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal);
        }
    }

    public void Execute()
    {
        try
        {
            _cell.ProcessMailbox();
        }
        finally
        {
            // Full fence: a producer whose Schedule lost the race enqueued before this point, so the check below sees it.
            Interlocked.Exchange(ref _status, 0);
            if (HasWork())
            {
                Schedule(preferLocal: false);
            }
        }
    }

    private bool HasWork()
    {
        if (_cell.IsAwaitingTask)
        {
            return false;
        }

        return Volatile.Read(ref _systemCount) != 0 || (_cell.CanProcessUserMessages && _cell.HasPendingUserMessages(_reader));
    }
}
