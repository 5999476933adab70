using System.Buffers;

namespace FtActors.Migration.Streaming;

/// <summary>
/// One encoded batch payload ready for the wire.
/// Ownership: the streamer hands it to the connection writer, which disposes it after the write; the
/// streamer never touches it after yielding it.
/// </summary>
public sealed class OutgoingBatch : IDisposable
{
    private byte[]? _buffer;

    internal OutgoingBatch(byte[] buffer, int length, ulong firstFrame, int count)
    {
        _buffer = buffer;
        Length = length;
        FirstFrame = firstFrame;
        Count = count;
    }

    /// <summary>First guest frame of the batch.</summary>
    public ulong FirstFrame { get; }

    /// <summary>Slots in the batch.</summary>
    public int Count { get; }

    /// <summary>Payload bytes.</summary>
    public int Length { get; }

    /// <summary>The payload (a <see cref="Wire.PageFrameType.Batch"/> frame's body).</summary>
    public ReadOnlyMemory<byte> Payload => (_buffer ?? throw new ObjectDisposedException(nameof(OutgoingBatch))).AsMemory(0, Length);

    /// <summary>Returns the payload buffer to the pool.</summary>
    public void Dispose()
    {
        var b = Interlocked.Exchange(ref _buffer, null);
        if (b is not null)
        {
            ArrayPool<byte>.Shared.Return(b);
        }
    }
}
