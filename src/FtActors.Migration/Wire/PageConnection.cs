using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace FtActors.Migration.Wire;

/// <summary>
/// One page connection over any stream (TCP or TLS): frames in, frames out, byte counters. Reads are
/// single-consumer (one loop per side); writes are serialised by a lock so acks and batches may come from
/// different tasks. Any protocol or I/O error breaks the connection; it is never resynchronised.
/// </summary>
public sealed class PageConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly PipeReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private long _readOffset;
    private long _bytesWritten;

    /// <summary>Wraps <paramref name="stream"/>; the connection owns and disposes it.</summary>
    public PageConnection(Stream stream)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 1 << 20, minimumReadSize: 64 << 10, leaveOpen: true));
    }

    /// <summary>Bytes written to the wire so far (headers included).</summary>
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    /// <summary>Bytes read from the wire so far.</summary>
    public long BytesRead => Interlocked.Read(ref _readOffset);

    /// <summary>Reads the next frame; throws <see cref="PageProtocolException"/> when the peer closed the stream.</summary>
    /// <remarks>Ownership: the caller owns the returned frame and disposes it.</remarks>
    public async Task<PageFrame> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var before = buffer.Length;
            if (PageFrameCodec.TryRead(ref buffer, _readOffset, out var frame))
            {
                _readOffset += before - buffer.Length;
                _reader.AdvanceTo(buffer.Start);
                return frame!;
            }

            if (result.IsCompleted)
            {
                throw new PageProtocolException(
                    buffer.Length == 0 ? "another frame" : "the rest of a frame", "the end of the stream (peer closed the connection)", _readOffset + buffer.Length);
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Reads the next frame and checks its type.</summary>
    public async Task<PageFrame> ReadAsync(PageFrameType expected, CancellationToken cancellationToken)
    {
        var offset = _readOffset;
        var frame = await ReadAsync(cancellationToken).ConfigureAwait(false);
        if (frame.Type == expected)
        {
            return frame;
        }

        using (frame)
        {
            if (frame.Type == PageFrameType.Abort)
            {
                throw new MigrationException($"peer aborted the session: {Encoding.UTF8.GetString(frame.Payload)}");
            }

            throw new PageProtocolException($"a {expected} frame", $"a {frame.Type} frame", offset);
        }
    }

    /// <summary>Writes one frame with a payload.</summary>
    public async Task WriteAsync(PageFrameType type, ulong correlation, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var header = new byte[PageFrameCodec.HeaderBytes];
        PageFrameCodec.WriteHeader(header, type, correlation, payload.Length);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(header, cancellationToken).ConfigureAwait(false);
            if (!payload.IsEmpty)
            {
                await _stream.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
            }

            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _bytesWritten, header.Length + payload.Length);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Writes a frame whose payload is JSON.</summary>
    public Task WriteJsonAsync<T>(PageFrameType type, T value, JsonTypeInfo<T> info, CancellationToken cancellationToken) =>
        WriteAsync(type, 0, JsonSerializer.SerializeToUtf8Bytes(value, info), cancellationToken);

    /// <summary>Writes a frame whose payload is UTF-8 text (abort reasons, run states).</summary>
    public Task WriteTextAsync(PageFrameType type, string text, CancellationToken cancellationToken) =>
        WriteAsync(type, 0, Encoding.UTF8.GetBytes(text), cancellationToken);

    /// <summary>Parses a JSON control frame, with the stream offset in the error when it is not valid.</summary>
    public static T ParseJson<T>(PageFrame frame, JsonTypeInfo<T> info)
    {
        ArgumentNullException.ThrowIfNull(frame);
        try
        {
            return JsonSerializer.Deserialize(frame.Payload, info) ?? throw new PageProtocolException($"a {frame.Type} JSON object", "null", 0);
        }
        catch (JsonException e)
        {
            throw new PageProtocolException($"a {frame.Type} JSON object", $"invalid JSON ({e.Message})", e.BytePositionInLine ?? 0);
        }
    }

    /// <summary>Closes the stream; a blocked read or write then fails.</summary>
    /// <remarks>
    /// The write lock is deliberately not disposed: a write still in flight (an ack, an abort) releases it in its
    /// <c>finally</c>, and a disposed lock would throw there and replace the write's own error. Without its wait
    /// handle, which nothing here asks for, the lock holds nothing that needs releasing.
    /// </remarks>
    public async ValueTask DisposeAsync()
    {
        await _reader.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
    }

}
