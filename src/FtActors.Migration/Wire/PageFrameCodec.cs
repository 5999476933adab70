using System.Buffers;
using System.Buffers.Binary;

namespace FtActors.Migration.Wire;

/// <summary>
/// The sans-IO codec of page connections. A frame is
/// <c>u32 length (LE, excluding itself) | 'F' 'P' | u8 version | u8 type | u64 correlation (LE) | payload</c>:
/// the control-connection layout of FtActors.Remoting with its own magic, so a page stream sent to a
/// control port (or the reverse) is refused at byte 4 instead of being misread.
/// </summary>
public static class PageFrameCodec
{
    /// <summary>Protocol version carried in every frame header and in the hello.</summary>
    public const byte Version = 1;

    /// <summary>Bytes of the header including the length word.</summary>
    public const int HeaderBytes = 16;

    /// <summary>
    /// The largest payload accepted, checked before any allocation: a full batch is
    /// 10 + 1024 + 1024 * (16 + 4096) bytes (about 4.2 MB); 8 MiB leaves room and matches Remoting's MaxPageFrame.
    /// </summary>
    public const int MaxPayload = 8 << 20;

    /// <summary>Writes one frame (header and payload) into <paramref name="writer"/>; returns the bytes written.</summary>
    public static int Write(IBufferWriter<byte> writer, PageFrameType type, ulong correlation, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (payload.Length > MaxPayload)
        {
            throw new ArgumentException($"a page frame payload of at most {MaxPayload} bytes was expected, found {payload.Length}", nameof(payload));
        }

        var span = writer.GetSpan(HeaderBytes + payload.Length);
        WriteHeader(span, type, correlation, payload.Length);
        payload.CopyTo(span[HeaderBytes..]);
        writer.Advance(HeaderBytes + payload.Length);
        return HeaderBytes + payload.Length;
    }

    /// <summary>Writes a header for a payload of <paramref name="payloadLength"/> bytes that the caller writes right after it.</summary>
    public static void WriteHeader(Span<byte> header, PageFrameType type, ulong correlation, int payloadLength)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)(payloadLength + HeaderBytes - 4));
        header[4] = (byte)'F';
        header[5] = (byte)'P';
        header[6] = Version;
        header[7] = (byte)type;
        BinaryPrimitives.WriteUInt64LittleEndian(header[8..], correlation);
    }

    /// <summary>
    /// Takes one whole frame off the front of <paramref name="buffer"/>. Returns false (buffer untouched)
    /// while the frame is incomplete; the caller then reads more bytes. <paramref name="streamOffset"/> is the
    /// stream position of <paramref name="buffer"/>'s first byte, quoted in errors.
    /// </summary>
    /// <exception cref="PageProtocolException">The header is malformed: bad length, magic, version or type.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, long streamOffset, out PageFrame? frame)
    {
        frame = null;
        if (buffer.Length < HeaderBytes)
        {
            // Check what we have of the header early so garbage fails fast instead of waiting for 16 bytes.
            CheckPartialHeader(buffer, streamOffset);
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderBytes];
        buffer.Slice(0, HeaderBytes).CopyTo(header);
        var payloadLength = (int)CheckHeader(header, streamOffset);
        if (buffer.Length < HeaderBytes + payloadLength)
        {
            return false;
        }

        var type = (PageFrameType)header[7];
        var correlation = BinaryPrimitives.ReadUInt64LittleEndian(header[8..]);
        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(payloadLength, 1));
        buffer.Slice(HeaderBytes, payloadLength).CopyTo(rented);
        frame = new PageFrame(type, correlation, rented, (int)payloadLength);
        buffer = buffer.Slice(HeaderBytes + payloadLength);
        return true;
    }

    private static void CheckPartialHeader(ReadOnlySequence<byte> buffer, long offset)
    {
        Span<byte> partial = stackalloc byte[HeaderBytes];
        var n = (int)buffer.Length;
        buffer.CopyTo(partial);
        if (n >= 4)
        {
            CheckLength(BinaryPrimitives.ReadUInt32LittleEndian(partial), offset);
        }

        if (n >= 5 && partial[4] != (byte)'F')
        {
            throw new PageProtocolException("magic byte 'F' (0x46)", $"0x{partial[4]:x2}", offset + 4);
        }

        if (n >= 6 && partial[5] != (byte)'P')
        {
            throw new PageProtocolException("magic byte 'P' (0x50)", $"0x{partial[5]:x2}", offset + 5);
        }

        if (n >= 7 && partial[6] != Version)
        {
            throw new PageProtocolException($"protocol version {Version}", $"version {partial[6]}", offset + 6);
        }

        if (n >= 8)
        {
            CheckType(partial[7], offset);
        }
    }

    private static long CheckHeader(ReadOnlySpan<byte> header, long offset)
    {
        var payload = CheckLength(BinaryPrimitives.ReadUInt32LittleEndian(header), offset);
        if (header[4] != (byte)'F')
        {
            throw new PageProtocolException("magic byte 'F' (0x46)", $"0x{header[4]:x2}", offset + 4);
        }

        if (header[5] != (byte)'P')
        {
            throw new PageProtocolException("magic byte 'P' (0x50)", $"0x{header[5]:x2}", offset + 5);
        }

        if (header[6] != Version)
        {
            throw new PageProtocolException($"protocol version {Version}", $"version {header[6]}", offset + 6);
        }

        CheckType(header[7], offset);
        return payload;
    }

    private static long CheckLength(uint length, long offset)
    {
        if (length < HeaderBytes - 4 || length - (HeaderBytes - 4) > MaxPayload)
        {
            throw new PageProtocolException($"a frame length between {HeaderBytes - 4} and {MaxPayload + HeaderBytes - 4}", $"{length}", offset);
        }

        return length - (HeaderBytes - 4);
    }

    private static void CheckType(byte type, long offset)
    {
        if (type < (byte)PageFrameType.Hello || type > (byte)PageFrameType.Digest)
        {
            throw new PageProtocolException($"a frame type between {(byte)PageFrameType.Hello} and {(byte)PageFrameType.Digest}", $"type {type}", offset + 7);
        }
    }
}
