using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using FtActors.Migration.Wire;

namespace FtActors.Migration.Xen;

/// <summary>
/// Reads the frames a Xen image receiver gets: the page-connection layout with the migration types 1-13
/// plus the Xen image types 40-42. <see cref="PageFrameCodec"/> accepts only 1-13 (so a Xen sender reaching
/// a RAM receiver is refused at the frame header), hence this reader; the sender side needs none, since the
/// receiver answers only with migration types. Header checks happen before any allocation and name the
/// expected value, the value found and the stream offset.
/// </summary>
internal sealed class XenFrameReader(Stream stream)
{
    private readonly PipeReader _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 1 << 20, minimumReadSize: 64 << 10, leaveOpen: true));

    /// <summary>Bytes consumed so far (the offset errors quote).</summary>
    public long Offset { get; private set; }

    /// <summary>Reads the next frame; the caller disposes it.</summary>
    /// <exception cref="PageProtocolException">A malformed header, or the stream ended.</exception>
    public async Task<PageFrame> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryRead(ref buffer, Offset, out var frame))
            {
                Offset += result.Buffer.Length - buffer.Length;
                _reader.AdvanceTo(buffer.Start);
                return frame!;
            }

            if (result.IsCompleted)
            {
                throw new PageProtocolException(buffer.Length == 0 ? "another frame" : "the rest of a frame", "the end of the stream (peer closed the connection)", Offset + buffer.Length);
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Stops reading (the stream itself belongs to the connection).</summary>
    public ValueTask CompleteAsync() => _reader.CompleteAsync();

    /// <summary>Takes one whole frame off <paramref name="buffer"/>; false while it is incomplete.</summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, long streamOffset, out PageFrame? frame)
    {
        frame = null;
        int have = (int)Math.Min(buffer.Length, PageFrameCodec.HeaderBytes);
        Span<byte> header = stackalloc byte[PageFrameCodec.HeaderBytes];
        buffer.Slice(0, have).CopyTo(header);
        long payload = Check(header[..have], streamOffset);
        if (have < PageFrameCodec.HeaderBytes || buffer.Length < PageFrameCodec.HeaderBytes + payload)
        {
            return false;
        }

        var bytes = ArrayPool<byte>.Shared.Rent((int)Math.Max(payload, 1));
        buffer.Slice(PageFrameCodec.HeaderBytes, payload).CopyTo(bytes);
        frame = new PageFrame((PageFrameType)header[7], BinaryPrimitives.ReadUInt64LittleEndian(header[8..]), bytes, (int)payload);
        buffer = buffer.Slice(PageFrameCodec.HeaderBytes + payload);
        return true;
    }

    private static long Check(ReadOnlySpan<byte> h, long offset)
    {
        long payload = -1;
        if (h.Length >= 4)
        {
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(h);
            const int fixedPart = PageFrameCodec.HeaderBytes - 4;
            if (length < fixedPart || length - fixedPart > PageFrameCodec.MaxPayload)
            {
                throw new PageProtocolException($"a frame length between {fixedPart} and {PageFrameCodec.MaxPayload + fixedPart}", $"{length}", offset);
            }

            payload = length - fixedPart;
        }

        ReadOnlySpan<byte> expected = [(byte)'F', (byte)'P', PageFrameCodec.Version];
        for (int i = 4; i < Math.Min(h.Length, 7); i++)
        {
            if (h[i] != expected[i - 4])
            {
                throw new PageProtocolException(i == 6 ? $"protocol version {PageFrameCodec.Version}" : $"magic byte 0x{expected[i - 4]:x2}", $"0x{h[i]:x2}", offset + i);
            }
        }

        if (h.Length >= 8 && !IsKnown(h[7]))
        {
            throw new PageProtocolException("a frame type 1-13 or a Xen image type 40-42", $"type {h[7]}", offset + 7);
        }

        return payload;
    }

    private static bool IsKnown(byte type) =>
        type is >= (byte)PageFrameType.Hello and <= (byte)PageFrameType.Digest
            or >= (byte)PageFrameType.XenHello and <= (byte)PageFrameType.XenRecords;
}
