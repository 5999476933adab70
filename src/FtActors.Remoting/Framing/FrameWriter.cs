using System.Buffers;
using System.Buffers.Binary;

namespace FtActors.Remoting.Framing;

/// <summary>Writes frames into any <see cref="IBufferWriter{T}"/> (a pipe writer, a pooled buffer), header and payload in one span.</summary>
public static class FrameWriter
{
    /// <summary>Writes one frame: the 16-byte header followed by <paramref name="payload"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The payload exceeds the limit for <paramref name="type"/>; callers check sizes first.</exception>
    public static void Write(IBufferWriter<byte> writer, FrameType type, ulong correlation, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var max = (type == FrameType.PageBatch ? FrameLimits.MaxPageFrame : FrameLimits.MaxControlFrame) - FrameLimits.MinLength;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payload.Length, max);
        var total = FrameLimits.HeaderSize + payload.Length;
        var span = writer.GetSpan(total);
        WriteHeader(span, type, correlation, payload.Length);
        payload.CopyTo(span[FrameLimits.HeaderSize..]);
        writer.Advance(total);
    }

    /// <summary>Fills the 16 header bytes for a frame whose payload is <paramref name="payloadLength"/> bytes.</summary>
    public static void WriteHeader(Span<byte> destination, FrameType type, ulong correlation, int payloadLength)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)(FrameLimits.MinLength + payloadLength));
        destination[4] = (byte)'F';
        destination[5] = (byte)'T';
        destination[6] = FrameLimits.CurrentVersion;
        destination[7] = (byte)type;
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], correlation);
    }
}
