using System.Buffers;

namespace FtActors.Migration.Wire;

/// <summary>
/// One decoded frame of a page connection. The payload is a pooled buffer.
/// Ownership: whoever holds the frame owns <see cref="Payload"/> and must <see cref="Dispose"/> it
/// exactly once; the decoder never touches it after handing it out.
/// </summary>
public sealed class PageFrame : IDisposable
{
    private byte[]? _buffer;

    internal PageFrame(PageFrameType type, ulong correlation, byte[] buffer, int length)
    {
        Type = type;
        Correlation = correlation;
        _buffer = buffer;
        Length = length;
    }

    /// <summary>The frame type from the header.</summary>
    public PageFrameType Type { get; }

    /// <summary>Round number, batch sequence number or 0, depending on the type.</summary>
    public ulong Correlation { get; }

    /// <summary>Payload length in bytes.</summary>
    public int Length { get; }

    /// <summary>The payload bytes; valid until <see cref="Dispose"/>.</summary>
    public ReadOnlySpan<byte> Payload => (_buffer ?? throw new ObjectDisposedException(nameof(PageFrame))).AsSpan(0, Length);

    /// <summary>The payload as memory (for asynchronous writers); valid until <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> PayloadMemory => (_buffer ?? throw new ObjectDisposedException(nameof(PageFrame))).AsMemory(0, Length);

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
