using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;

namespace FtActors.Remoting.Framing;

/// <summary>
/// Sans-IO frame reader: give it whatever bytes have arrived, it returns the complete frames at their front and
/// leaves the rest. It never reads a socket, so the same code runs under a pipe, in tests and under fuzzing.
/// Each header field is checked as soon as its bytes are present, so a bad stream is refused after at most a
/// few bytes and an oversized length before the frame's body is waited for or buffered.
/// </summary>
/// <remarks>One decoder per connection: it counts the offset of the stream it has consumed, for error messages.</remarks>
public sealed class FrameDecoder
{
    private readonly ConnectionKind _kind;

    /// <summary>Creates a decoder for a connection of the given kind (which frame types and sizes it accepts).</summary>
    public FrameDecoder(ConnectionKind kind = ConnectionKind.Control)
    {
        _kind = kind;
    }

    /// <summary>Stream offset of the first byte not yet consumed by a decoded frame.</summary>
    public long Position { get; private set; }

    /// <summary>
    /// Decodes the frame at the front of <paramref name="buffer"/>. On success <paramref name="buffer"/> is moved
    /// past it. Returns false, leaving <paramref name="buffer"/> alone, while the frame is incomplete: the caller
    /// then waits for more bytes (<c>PipeReader.AdvanceTo(buffer.Start, buffer.End)</c>).
    /// </summary>
    /// <exception cref="ProtocolViolationException">A header field is invalid; the connection must be closed.</exception>
    public bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out Frame frame)
    {
        frame = default;
        Span<byte> header = stackalloc byte[FrameLimits.HeaderSize];
        var have = (int)Math.Min(buffer.Length, FrameLimits.HeaderSize);
        buffer.Slice(0, have).CopyTo(header);
        var length = ValidateHeader(header[..have]);
        if (have < FrameLimits.HeaderSize || buffer.Length - FrameLimits.LengthPrefixSize < length)
        {
            return false;
        }

        var total = FrameLimits.LengthPrefixSize + length;
        var payload = buffer.Slice(FrameLimits.HeaderSize, total - FrameLimits.HeaderSize);
        frame = new Frame(
            header[6],
            (FrameType)header[7],
            BinaryPrimitives.ReadUInt64LittleEndian(header[8..]),
            payload,
            Position);
        buffer = buffer.Slice(total);
        Position += total;
        return true;
    }

    /// <summary>Checks the header bytes present so far; returns the length prefix (0 if not yet known).</summary>
    private uint ValidateHeader(ReadOnlySpan<byte> header)
    {
        if (header.Length < FrameLimits.LengthPrefixSize)
        {
            return 0;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        var absoluteMax = _kind == ConnectionKind.Pages ? FrameLimits.MaxPageFrame : FrameLimits.MaxControlFrame;
        if (length < FrameLimits.MinLength || length > absoluteMax)
        {
            ThrowHelper.ProtocolViolation(
                $"a frame length between {FrameLimits.MinLength} and {absoluteMax} bytes",
                $"{length}",
                Position);
        }

        if (header.Length > 4 && header[4] != (byte)'F')
        {
            ThrowHelper.ProtocolViolation("the magic byte 'F' (0x46)", Hex(header[4]), Position + 4);
        }

        if (header.Length > 5 && header[5] != (byte)'T')
        {
            ThrowHelper.ProtocolViolation("the magic byte 'T' (0x54)", Hex(header[5]), Position + 5);
        }

        if (header.Length > 6 && header[6] != FrameLimits.CurrentVersion)
        {
            ThrowHelper.ProtocolViolation($"frame version {FrameLimits.CurrentVersion}", $"version {header[6]}", Position + 6);
        }

        if (header.Length > 7)
        {
            ValidateType(header[7], length);
        }

        return length;
    }

    private void ValidateType(byte type, uint length)
    {
        switch ((FrameType)type)
        {
            case FrameType.Hello or FrameType.Welcome or FrameType.Refuse or FrameType.Heartbeat
                or FrameType.Message or FrameType.Disassociate:
                if (length > FrameLimits.MaxControlFrame)
                {
                    ThrowHelper.ProtocolViolation(
                        $"a control frame length of at most {FrameLimits.MaxControlFrame} bytes",
                        $"{length} bytes for a {(FrameType)type} frame",
                        Position);
                }

                break;
            case FrameType.PageBatch when _kind == ConnectionKind.Pages:
                break;
            case FrameType.PageBatch:
                ThrowHelper.ProtocolViolation("a control frame type (page batches travel on page connections)", "PageBatch (32)", Position + 7);
                break;
            default:
                ThrowHelper.ProtocolViolation("a known frame type (1-6 or 32)", $"type {type}", Position + 7);
                break;
        }
    }

    private static string Hex(byte b) => "0x" + b.ToString("X2", CultureInfo.InvariantCulture);
}
