using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using FtActors.Migration.Streaming;
using FtActors.Migration.Wire;
using FtActors.Pages;

namespace FtActors.Migration.Session;

/// <summary>
/// The sending end of one page connection: handshake, rounds with credit-based flow control (at most
/// <see cref="MigrationOptions.CreditWindow"/> batches unacknowledged, so a slow receiver slows the
/// streamer), digest check and commit. One background loop reads everything the receiver sends; any
/// fault there fails every waiter and breaks the connection.
/// </summary>
public sealed class SourceConnection : IAsyncDisposable
{
    private readonly PageConnection _connection;
    private readonly SemaphoreSlim _credits;
    private readonly CancellationTokenSource _cts = new();
    private readonly ConcurrentDictionary<(PageFrameType, ulong), TaskCompletionSource<byte[]>> _waiters = new();
    private readonly TaskCompletionSource _broken = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _readLoop;

    private readonly TimeSpan _ackTimeout;
    private bool _ownsHeld = true;

    private SourceConnection(PageConnection connection, int window, TimeSpan ackTimeout)
    {
        _connection = connection;
        _ackTimeout = ackTimeout;
        _credits = new SemaphoreSlim(window, window);
    }

    /// <summary>What the receiver said when it accepted the session.</summary>
    public SessionWelcome Welcome { get; private set; } = null!;

    /// <summary>Hashes the receiver declared its store holds (in the engine's set form), or null without a store.</summary>
    public PageHashSet? Held { get; private set; }

    /// <summary>
    /// Where <see cref="ConnectAsync"/> spent its time, in milliseconds: <c>connect</c> (TCP and TLS),
    /// <c>welcome</c> (hello to welcome: the receiver's set-up), <c>held-hashes</c> (the store's hash
    /// list) and <c>hash-set</c> (building the engine's set from it). Empty for a joined connection.
    /// </summary>
    public IReadOnlyDictionary<string, double> ConnectTimings { get; private set; } = new Dictionary<string, double>();

    /// <summary>Bytes written to the wire.</summary>
    public long BytesOnWire => _connection.BytesWritten;

    /// <summary>
    /// Connects, sends the hello and reads the welcome and the held hashes. A refusal (destination QEMU
    /// did not start, incompatible guest, wrong store) arrives as an Abort frame and throws.
    /// </summary>
    public static async Task<SourceConnection> ConnectAsync(MigrationOptions options, SessionHello hello, IPageBatchEngine engine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(engine);
        var t0 = Stopwatch.GetTimestamp();
        var self = await OpenAsync(options, cancellationToken).ConfigureAwait(false);
        try
        {
            var t1 = Stopwatch.GetTimestamp();
            await self.GreetAsync(hello, cancellationToken).ConfigureAwait(false);
            var t2 = Stopwatch.GetTimestamp();

            var held = new List<PageHash>((int)Math.Min(self.Welcome.HeldCount, 1 << 24));
            while (held.Count < self.Welcome.HeldCount)
            {
                using var frame = await self._connection.ReadAsync(PageFrameType.HeldHashes, cancellationToken).ConfigureAwait(false);
                if (frame.Length % 16 != 0 || frame.Length == 0)
                {
                    throw new PageProtocolException("a HeldHashes payload of a non-zero multiple of 16 bytes", $"{frame.Length} bytes", 0);
                }

                for (var at = 0; at < frame.Length; at += 16)
                {
                    held.Add(new PageHash(BinaryPrimitives.ReadUInt64LittleEndian(frame.Payload[at..]), BinaryPrimitives.ReadUInt64LittleEndian(frame.Payload[(at + 8)..])));
                }
            }

            if (held.Count != self.Welcome.HeldCount)
            {
                throw new PageProtocolException($"{self.Welcome.HeldCount} held hashes", $"{held.Count}", 0);
            }

            var t3 = Stopwatch.GetTimestamp();
            self.Held = held.Count > 0 ? engine.CreateHashSet(CollectionsMarshal.AsSpan(held)) : null;
            self.ConnectTimings = new Dictionary<string, double>
            {
                ["connect"] = Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds,
                ["welcome"] = Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds,
                ["held-hashes"] = Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds,
                ["hash-set"] = Stopwatch.GetElapsedTime(t3).TotalMilliseconds,
            };
            self._readLoop = Task.Run(self.ReadLoopAsync, CancellationToken.None);
            return self;
        }
        catch
        {
            await self.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Opens one more page connection of a session <paramref name="first"/> opened: sends a hello with
    /// <see cref="SessionHello.Lane"/> set and reads the receiver's short welcome. The joined connection
    /// shares the first one's held hashes (and leaves disposing them to it).
    /// </summary>
    public static async Task<SourceConnection> JoinAsync(MigrationOptions options, SessionHello hello, SourceConnection first, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(hello);
        ArgumentNullException.ThrowIfNull(first);
        var self = await OpenAsync(options, cancellationToken).ConfigureAwait(false);
        try
        {
            await self.GreetAsync(hello, cancellationToken).ConfigureAwait(false);

            self.Held = first.Held;
            self._ownsHeld = false;
            self._readLoop = Task.Run(self.ReadLoopAsync, CancellationToken.None);
            return self;
        }
        catch
        {
            await self.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task GreetAsync(SessionHello hello, CancellationToken cancellationToken)
    {
        await _connection.WriteJsonAsync(PageFrameType.Hello, hello, PageWireJsonContext.Default.SessionHello, cancellationToken).ConfigureAwait(false);
        using var welcome = await _connection.ReadAsync(PageFrameType.Welcome, cancellationToken).ConfigureAwait(false);
        Welcome = PageConnection.ParseJson(welcome, PageWireJsonContext.Default.SessionWelcome);
    }

    private static async Task<SourceConnection> OpenAsync(MigrationOptions options, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true, SendBufferSize = 4 << 20, ReceiveBufferSize = 1 << 20 };
        Stream stream;
        try
        {
            await tcp.ConnectAsync(options.Host, options.Port, cancellationToken).ConfigureAwait(false);
            stream = tcp.GetStream();
            if (options.Tls is not null)
            {
                stream = await PageTls.ClientAsync(stream, options.Host, options.Tls, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SocketException e)
        {
            tcp.Dispose();
            throw new MigrationException($"cannot connect to the receiver at {options.Host}:{options.Port}: {e.Message}", e);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }

        return new SourceConnection(new PageConnection(stream), options.CreditWindow, options.AckTimeout);
    }

    /// <summary>
    /// Streams one round: RoundStart, every changed batch (waiting for a credit before each), RoundEnd,
    /// then waits for RoundDone, which the receiver sends after every batch is written.
    /// </summary>
    public Task RunRoundAsync(int round, bool final, PageStreamer streamer, RoundCounters counters, CancellationToken cancellationToken) =>
        RunRoundAsync(round, final, streamer, counters, null, cancellationToken);

    /// <summary>As the other overload; with <paramref name="candidates"/>, only those frames are read (soft-dirty).</summary>
    public Task RunRoundAsync(int round, bool final, PageStreamer streamer, RoundCounters counters, DirtyFrameSet? candidates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(streamer);
        return RunRoundAsync(round, final, streamer, counters, candidates, new BatchCursor(streamer.FirstFrame, streamer.FrameCount), cancellationToken);
    }

    /// <summary>
    /// As the other overloads; the batches come from <paramref name="cursor"/>, which the session's other
    /// page connections share in this round (each batch travels on exactly one connection).
    /// </summary>
    public async Task RunRoundAsync(int round, bool final, PageStreamer streamer, RoundCounters counters, DirtyFrameSet? candidates, BatchCursor cursor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(streamer);
        ArgumentNullException.ThrowIfNull(counters);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _cts.Token);
        var ct = linked.Token;
        var done = Expect(PageFrameType.RoundDone, (ulong)round);
        await _connection.WriteAsync(PageFrameType.RoundStart, (ulong)round, new[] { final ? (byte)1 : (byte)0 }, ct).ConfigureAwait(false);
        ulong sequence = 0;
        // Where the round's time goes (reported per phase): the streamer's reading and hashing, waiting for
        // credits (the receiver is slower), writing (the link is slower), and the wait for RoundDone.
        using var batches = streamer.ReadRound(round, counters, candidates, cursor).GetEnumerator();
        while (true)
        {
            var t0 = Stopwatch.GetTimestamp();
            var more = batches.MoveNext();
            counters.ReadMs += Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            if (!more)
            {
                break;
            }

            // Ownership: the batch is ours until written; disposed right after.
            using (var batch = batches.Current)
            {
                var t1 = Stopwatch.GetTimestamp();
                if (!await _credits.WaitAsync(_ackTimeout, ct).ConfigureAwait(false))
                {
                    throw new MigrationException($"no ack from the receiver for {_ackTimeout.TotalSeconds:0} s in round {round} (link cut or receiver stalled)");
                }

                var t2 = Stopwatch.GetTimestamp();
                counters.CreditWaitMs += Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds;

                // A cut link never fails a write: it blocks once the socket buffer is full. Bound it like the acks.
                using var writeCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                writeCts.CancelAfter(_ackTimeout);
                try
                {
                    await _connection.WriteAsync(PageFrameType.Batch, sequence++, batch.Payload, writeCts.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
                {
                    throw new MigrationException($"a batch could not be written to the receiver within {_ackTimeout.TotalSeconds:0} s in round {round} (link cut or receiver stalled)", e);
                }

                counters.WriteMs += Stopwatch.GetElapsedTime(t2).TotalMilliseconds;
            }
        }

        var end = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(end, sequence);
        await _connection.WriteAsync(PageFrameType.RoundEnd, (ulong)round, end, ct).ConfigureAwait(false);
        var waitStart = Stopwatch.GetTimestamp();
        try
        {
            await WaitAsync(done, ct).WaitAsync(_ackTimeout, ct).ConfigureAwait(false);
            counters.DoneWaitMs += Stopwatch.GetElapsedTime(waitStart).TotalMilliseconds;
        }
        catch (TimeoutException e)
        {
            throw new MigrationException($"the receiver did not finish round {round} within {_ackTimeout.TotalSeconds:0} s of its last batch", e);
        }
    }

    /// <summary>Asks the receiver for its whole-RAM digest.</summary>
    public async Task<PageHash> DigestAsync(CancellationToken cancellationToken)
    {
        var reply = Expect(PageFrameType.Digest, 0);
        await _connection.WriteAsync(PageFrameType.Verify, 0, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        var bytes = await WaitAsync(reply, cancellationToken).ConfigureAwait(false);
        if (bytes.Length != 16)
        {
            throw new PageProtocolException("a 16-byte digest", $"{bytes.Length} bytes", 0);
        }

        return new PageHash(BinaryPrimitives.ReadUInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(8)));
    }

    /// <summary>Tells the receiver the device state has moved; returns the destination's run state.</summary>
    public async Task<string> CommitAsync(bool resume, CancellationToken cancellationToken)
    {
        var reply = Expect(PageFrameType.Committed, 0);
        await _connection.WriteAsync(PageFrameType.Commit, 0, new[] { resume ? (byte)1 : (byte)0 }, cancellationToken).ConfigureAwait(false);
        return Encoding.UTF8.GetString(await WaitAsync(reply, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Tells the receiver to discard the destination; best effort (the connection may be gone).</summary>
    public async Task AbortAsync(string reason)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _connection.WriteTextAsync(PageFrameType.Abort, reason, cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The receiver is gone; it discards the destination on its own when the connection breaks.
        }
    }

    /// <summary>Closes the connection; every waiter fails.</summary>
    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        if (_readLoop is not null)
        {
            await _readLoop.ConfigureAwait(false);
        }

        if (_ownsHeld)
        {
            Held?.Dispose();
        }

        _cts.Dispose();
        _credits.Dispose();
    }

    private TaskCompletionSource<byte[]> Expect(PageFrameType type, ulong correlation)
    {
        var tcs = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters[(type, correlation)] = tcs;
        return tcs;
    }

    private async Task<byte[]> WaitAsync(TaskCompletionSource<byte[]> tcs, CancellationToken cancellationToken)
    {
        var first = await Task.WhenAny(tcs.Task, _broken.Task).WaitAsync(cancellationToken).ConfigureAwait(false);
        await first.ConfigureAwait(false);
        return await tcs.Task.ConfigureAwait(false);
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                using var frame = await _connection.ReadAsync(_cts.Token).ConfigureAwait(false);
                switch (frame.Type)
                {
                    case PageFrameType.Ack:
                        _credits.Release();
                        break;
                    case PageFrameType.Abort:
                        throw new MigrationException($"the receiver aborted the session: {Encoding.UTF8.GetString(frame.Payload)}");
                    case PageFrameType.RoundDone or PageFrameType.Digest or PageFrameType.Committed:
                        if (!_waiters.TryRemove((frame.Type, frame.Correlation), out var tcs))
                        {
                            throw new PageProtocolException($"a reply the sender asked for", $"an unsolicited {frame.Type} ({frame.Correlation})", _connection.BytesRead);
                        }

                        tcs.TrySetResult(frame.Payload.ToArray());
                        break;
                    default:
                        throw new PageProtocolException("Ack, RoundDone, Digest, Committed or Abort from the receiver", $"a {frame.Type} frame", _connection.BytesRead);
                }
            }
        }
        catch (Exception e)
        {
            var cause = e is OperationCanceledException ? new MigrationException("the page connection was closed") : e;
            _broken.TrySetException(cause is MigrationException ? cause : new MigrationException($"the page connection broke: {cause.Message}", cause));
            foreach (var w in _waiters.Values)
            {
                w.TrySetException(_broken.Task.Exception!.InnerException!);
            }
        }
    }
}
