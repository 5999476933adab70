using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;
using FtActors.Remoting.Framing;
using Microsoft.Extensions.Logging;

namespace FtActors.Remoting.Transport;

/// <summary>Receives the frames of one connection, on the connection's read loop; must not block.</summary>
internal interface IFrameHandler
{
    /// <summary>Handles one frame; its payload is valid only during the call. Throwing breaks the connection.</summary>
    void OnFrame(FrameConnection connection, in Frame frame);
}

/// <summary>
/// Frames over one stream (a <see cref="System.Net.Sockets.NetworkStream"/> or an <see cref="System.Net.Security.SslStream"/>).
/// Three loops: fill (socket into an inbound <see cref="Pipe"/> with explicit pause/resume thresholds, so a slow
/// reader stops the socket reads and TCP slows the peer), read (decode frames, hand them to the handler) and write
/// (drain a bounded send queue into a <see cref="PipeWriter"/>, flushing when the queue runs dry, so bursts go out
/// in few syscalls). Any protocol or I/O error breaks the whole connection, like npgsql's <c>Break()</c>: it is
/// logged once, the stream closed and <see cref="Closed"/> completed; nothing tries to resynchronise.
/// </summary>
internal sealed class FrameConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly Pipe _inbound;
    private readonly PipeWriter _output;
    private readonly Channel<OutboundFrame> _sendQueue;
    private readonly CancellationTokenSource _cts = new();
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly FrameDecoder _decoder;
    private readonly FaultInjector? _faults;
    private readonly ILogger _logger;
    private Task _writeLoop = Task.CompletedTask;
    private int _state; // 0 open, 1 closing gracefully, 2 broken or closed

    public FrameConnection(Stream stream, string name, RemotingOptions options, FaultInjector? faults, ILogger logger, ConnectionKind kind = ConnectionKind.Control)
    {
        _stream = stream;
        Name = name;
        _faults = faults;
        _logger = logger;
        _decoder = new FrameDecoder(kind);
        _inbound = new Pipe(new PipeOptions(
            pauseWriterThreshold: options.InboundPauseThreshold,
            resumeWriterThreshold: options.InboundResumeThreshold,
            useSynchronizationContext: false));
        _output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 64 * 1024, leaveOpen: true));
        _sendQueue = Channel.CreateBounded<OutboundFrame>(new BoundedChannelOptions(options.SendQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });
    }

    /// <summary>Human-readable name for logs (direction and remote end point).</summary>
    public string Name { get; }

    /// <summary>Completes with the reason once the connection is closed or broken; never faults.</summary>
    public Task<string> Closed => _closed.Task;

    /// <summary>Cancelled when the connection closes; for loops that should stop with it.</summary>
    public CancellationToken ClosedToken => _cts.Token;

    public bool IsOpen => Volatile.Read(ref _state) == 0;

    /// <summary>Starts the loops; frames go to <paramref name="handler"/> on the read loop.</summary>
    public void Start(IFrameHandler handler)
    {
        _ = FillAsync();
        _ = ReadAsync(handler);
        _writeLoop = WriteAsync();
    }

    /// <summary>
    /// Queues a frame; waits while the send queue is full (back-pressure). Returns false once the connection is
    /// closed: the frame is then lost, which is what at-most-once delivery allows.
    /// </summary>
    public ValueTask<bool> SendAsync(FrameType type, ulong correlation, ReadOnlySpan<byte> payload, CancellationToken cancellationToken = default)
    {
        var frame = OutboundFrame.Copy(type, correlation, payload);
        return _sendQueue.Writer.TryWrite(frame) ? ValueTask.FromResult(true) : SendSlowAsync(frame, cancellationToken);
    }

    /// <summary>Queues a frame if there is room right now (heartbeats, handshake replies); false if full or closed.</summary>
    public bool TrySend(FrameType type, ulong correlation, ReadOnlySpan<byte> payload)
    {
        var frame = OutboundFrame.Copy(type, correlation, payload);
        if (_sendQueue.Writer.TryWrite(frame))
        {
            return true;
        }

        frame.Release();
        return false;
    }

    /// <summary>
    /// Closes on purpose: lets already-queued frames (a Refuse or Disassociate) reach the socket first, then closes
    /// the stream. A concurrent break wins and makes this a no-op.
    /// </summary>
    public async Task CloseAsync(string reason)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            return;
        }

        _sendQueue.Writer.TryComplete();
        try
        {
            await _writeLoop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A peer that stopped reading must not hold our close hostage; the stream is closed anyway below.
        }

        Finish(reason, exception: null, broken: false);
    }

    /// <summary>Breaks the connection after a fault: logs one clear line, closes the stream, completes <see cref="Closed"/>.</summary>
    public void Break(string reason, Exception? exception = null) => Finish(reason, exception, broken: true);

    /// <remarks>
    /// The cancellation source is deliberately not disposed: a concurrent close may still cancel it, and without
    /// a timer it holds nothing that needs releasing.
    /// </remarks>
    public async ValueTask DisposeAsync() => await CloseAsync("disposed").ConfigureAwait(false);

    private void Finish(string reason, Exception? exception, bool broken)
    {
        if (Interlocked.Exchange(ref _state, 2) == 2)
        {
            return;
        }

        if (broken)
        {
            Log.ConnectionBroken(_logger, exception, Name, reason);
        }
        else
        {
            Log.ConnectionClosed(_logger, Name, reason);
        }

        _cts.Cancel();
        _sendQueue.Writer.TryComplete();
        while (_sendQueue.Reader.TryRead(out var frame))
        {
            frame.Release();
        }

        _stream.Dispose();
        _closed.TrySetResult(reason);
    }

    private async ValueTask<bool> SendSlowAsync(OutboundFrame frame, CancellationToken cancellationToken)
    {
        try
        {
            await _sendQueue.Writer.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ChannelClosedException)
        {
            frame.Release();
            return false;
        }
        catch (OperationCanceledException)
        {
            frame.Release();
            throw;
        }
    }

    private async Task FillAsync()
    {
        var writer = _inbound.Writer;
        try
        {
            while (true)
            {
                var memory = writer.GetMemory(16 * 1024);
                var read = await _stream.ReadAsync(memory, _cts.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                writer.Advance(read);
                var flush = await writer.FlushAsync(_cts.Token).ConfigureAwait(false);
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    return;
                }
            }

            // End of stream: the read loop sees it after the remaining bytes and decides (clean or truncated).
            await writer.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException or System.Security.Authentication.AuthenticationException)
        {
            if (IsOpen)
            {
                Break("reading from the socket failed: " + ex.Message, ex);
            }
        }
    }

    private async Task ReadAsync(IFrameHandler handler)
    {
        var reader = _inbound.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(_cts.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (Volatile.Read(ref _state) != 2 && _decoder.TryReadFrame(ref buffer, out var frame))
                {
                    if (_faults is null || !_faults.DropInbound())
                    {
                        handler.OnFrame(this, frame);
                    }
                }

                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        ThrowHelper.ProtocolViolation("the rest of a frame", $"end of stream after {buffer.Length} bytes of it", _decoder.Position);
                    }

                    Finish("the peer closed the connection", exception: null, broken: false);
                    return;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (ProtocolViolationException ex)
        {
            Break(ex.Message, ex);
        }
        catch (OperationCanceledException)
        {
            // Closed from elsewhere; Finish already ran.
        }
        catch (InvalidOperationException) when (!IsOpen)
        {
            // The pipe was completed by Finish while we were reading.
        }
        catch (Exception ex)
        {
            // A handler bug must not take the process down; it takes this connection down, loudly.
            Break("handling a frame failed: " + ex.Message, ex);
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task WriteAsync()
    {
        var queue = _sendQueue.Reader;
        try
        {
            while (await queue.WaitToReadAsync(_cts.Token).ConfigureAwait(false))
            {
                while (queue.TryRead(out var frame))
                {
                    try
                    {
                        if (_faults is not null)
                        {
                            if (!await _faults.AdmitAsync(frame.Type, frame.Length, _cts.Token).ConfigureAwait(false))
                            {
                                continue;
                            }

                            FrameWriter.Write(_output, frame.Type, frame.Correlation, frame.Span);
                            await FlushAsync().ConfigureAwait(false);
                            continue;
                        }

                        FrameWriter.Write(_output, frame.Type, frame.Correlation, frame.Span);
                    }
                    finally
                    {
                        frame.Release();
                    }
                }

                await FlushAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException or System.Security.Authentication.AuthenticationException)
        {
            if (IsOpen)
            {
                Break("writing to the socket failed: " + ex.Message, ex);
            }
        }
    }

    private async ValueTask FlushAsync()
    {
        var result = await _output.FlushAsync(_cts.Token).ConfigureAwait(false);
        if (result.IsCompleted)
        {
            throw new IOException("the output stream was closed");
        }
    }

    /// <summary>A frame waiting to be written; the payload lives in a pooled array the write loop returns.</summary>
    private readonly record struct OutboundFrame(FrameType Type, ulong Correlation, byte[] Buffer, int Length)
    {
        public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);

        public static OutboundFrame Copy(FrameType type, ulong correlation, ReadOnlySpan<byte> payload)
        {
            var buffer = payload.IsEmpty ? [] : ArrayPool<byte>.Shared.Rent(payload.Length);
            payload.CopyTo(buffer);
            return new OutboundFrame(type, correlation, buffer, payload.Length);
        }

        public void Release()
        {
            if (Buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(Buffer);
            }
        }
    }
}
