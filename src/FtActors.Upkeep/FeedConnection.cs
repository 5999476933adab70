using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using FtActors.Migration.Wire;

namespace FtActors.Upkeep;

/// <summary>
/// One store-feed connection over a stream (TCP or TLS): frames in, frames out. One reader loop per side;
/// writes are serialised by a lock because acks and pages may be written from different tasks. Any protocol
/// or I/O error breaks the connection; it is never resynchronised.
/// </summary>
public sealed class FeedConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly PipeReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private long _readOffset;

    /// <summary>Wraps <paramref name="stream"/>; the connection owns and disposes it.</summary>
    public FeedConnection(Stream stream)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 1 << 20, minimumReadSize: 64 << 10, leaveOpen: true));
    }

    /// <summary>Reads the next frame; an <see cref="PageFrameType.FeedAbort"/> from the peer becomes an exception.</summary>
    /// <exception cref="UpkeepException">Malformed input, the peer aborted, or the stream ended.</exception>
    public async Task<FeedFrame> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            long before = buffer.Length;
            if (StoreFeedCodec.TryRead(ref buffer, _readOffset, out FeedFrame? frame))
            {
                _readOffset += before - buffer.Length;
                _reader.AdvanceTo(buffer.Start);
                if (frame!.Type == PageFrameType.FeedAbort)
                {
                    throw new UpkeepException($"store feed: the peer aborted: {Encoding.UTF8.GetString(frame.Payload)}");
                }

                return frame;
            }

            if (result.IsCompleted)
            {
                throw new UpkeepException($"store feed: expected {(buffer.Length == 0 ? "another frame" : "the rest of a frame")}, found the end of the stream at offset {_readOffset + buffer.Length}");
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Reads the next frame and checks its type.</summary>
    public async Task<FeedFrame> ReadAsync(PageFrameType expected, CancellationToken cancellationToken)
    {
        long offset = _readOffset;
        FeedFrame frame = await ReadAsync(cancellationToken).ConfigureAwait(false);
        return frame.Type == expected
            ? frame
            : throw new UpkeepException($"store feed: expected a {expected} frame, found a {frame.Type} frame at offset {offset}");
    }

    /// <summary>Writes one frame.</summary>
    public async Task WriteAsync(PageFrameType type, ulong correlation, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(PageFrameCodec.HeaderBytes + payload.Length);
        StoreFeedCodec.Write(buffer, type, correlation, payload.Span);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Sends an abort with <paramref name="reason"/>, ignoring a peer that is already gone.</summary>
    public async Task TryAbortAsync(string reason)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await WriteAsync(PageFrameType.FeedAbort, 0, Encoding.UTF8.GetBytes(reason), cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The peer is gone; nothing to tell.
        }
    }

    /// <summary>Closes the stream; a blocked read or write then fails.</summary>
    /// <remarks>
    /// The write lock is deliberately not disposed: a write still in flight (pages, an ack, an abort) releases it in
    /// its <c>finally</c>, and a disposed lock would throw there and replace the write's own error. Without its wait
    /// handle, which nothing here asks for, the lock holds nothing that needs releasing.
    /// </remarks>
    public async ValueTask DisposeAsync()
    {
        await _reader.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
