using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using FtActors.Remoting.Protocol;

namespace FtActors.Remoting.Serialization;

/// <summary>
/// Binary envelope at the front of a <c>Message</c> frame payload, followed by the JSON body:
/// <c>u8 format | i64 recipient incarnation | i64 sender incarnation | u16 len + UTF-8 recipient path |
/// u16 len + UTF-8 sender path (0 = none) | u8 len + UTF-8 manifest | JSON body</c>, integers little-endian.
/// A binary front lets the receiver check incarnation and name before touching the JSON.
/// </summary>
internal static class EnvelopeCodec
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Writes the envelope front; the caller then writes the JSON body into the same writer.</summary>
    public static void WriteHeader(IBufferWriter<byte> writer, long recipientIncarnation, long senderIncarnation, string recipient, string? sender, string manifest)
    {
        var recipientBytes = StrictUtf8.GetByteCount(recipient);
        var senderBytes = sender is null ? 0 : StrictUtf8.GetByteCount(sender);
        var manifestBytes = StrictUtf8.GetByteCount(manifest);
        if (recipientBytes > ushort.MaxValue || senderBytes > ushort.MaxValue || manifestBytes > byte.MaxValue)
        {
            throw new ArgumentException("An actor path is longer than 65535 bytes or a manifest longer than 255 bytes.");
        }

        var size = 1 + 8 + 8 + 2 + recipientBytes + 2 + senderBytes + 1 + manifestBytes;
        var span = writer.GetSpan(size);
        span[0] = RemotingProtocol.EnvelopeFormat;
        BinaryPrimitives.WriteInt64LittleEndian(span[1..], recipientIncarnation);
        BinaryPrimitives.WriteInt64LittleEndian(span[9..], senderIncarnation);
        var at = 17;
        BinaryPrimitives.WriteUInt16LittleEndian(span[at..], (ushort)recipientBytes);
        at += 2 + StrictUtf8.GetBytes(recipient, span[(at + 2)..]);
        BinaryPrimitives.WriteUInt16LittleEndian(span[at..], (ushort)senderBytes);
        at += 2 + (sender is null ? 0 : StrictUtf8.GetBytes(sender, span[(at + 2)..]));
        span[at] = (byte)manifestBytes;
        at += 1 + StrictUtf8.GetBytes(manifest, span[(at + 1)..]);
        writer.Advance(at);
    }

    /// <summary>Reads the envelope front of <paramref name="payload"/>.</summary>
    /// <param name="payload">The frame payload.</param>
    /// <param name="streamOffset">Stream offset of the payload's first byte, for error messages.</param>
    /// <exception cref="ProtocolViolationException">The envelope is truncated, has an unknown format or invalid UTF-8.</exception>
    public static EnvelopeHeader Read(ReadOnlySequence<byte> payload, long streamOffset)
    {
        var reader = new SequenceReader<byte>(payload);
        if (!reader.TryRead(out var format))
        {
            ThrowHelper.ProtocolViolation("an envelope format byte", "an empty message payload", streamOffset);
        }

        if (format != RemotingProtocol.EnvelopeFormat)
        {
            ThrowHelper.ProtocolViolation($"envelope format {RemotingProtocol.EnvelopeFormat}", $"format {format}", streamOffset);
        }

        if (!reader.TryReadLittleEndian(out long recipientIncarnation))
        {
            ThrowHelper.ProtocolViolation("the 8-byte recipient incarnation", "the end of the payload", streamOffset + reader.Consumed);
        }

        if (!reader.TryReadLittleEndian(out long senderIncarnation))
        {
            ThrowHelper.ProtocolViolation("the 8-byte sender incarnation", "the end of the payload", streamOffset + reader.Consumed);
        }

        var recipient = ReadString(ref reader, wide: true, "recipient path", streamOffset);
        var sender = ReadString(ref reader, wide: true, "sender path", streamOffset);
        var manifest = ReadString(ref reader, wide: false, "message name", streamOffset);
        if (recipient.Length == 0 || manifest.Length == 0)
        {
            ThrowHelper.ProtocolViolation("a non-empty recipient path and message name", "an empty one", streamOffset + reader.Consumed);
        }

        return new EnvelopeHeader(
            recipientIncarnation,
            senderIncarnation,
            recipient,
            sender.Length == 0 ? null : sender,
            manifest,
            payload.Slice(reader.Position));
    }

    private static string ReadString(ref SequenceReader<byte> reader, bool wide, string what, long streamOffset)
    {
        var at = streamOffset + reader.Consumed;
        int length;
        if (wide)
        {
            if (!reader.TryReadLittleEndian(out short raw))
            {
                ThrowHelper.ProtocolViolation($"the 2-byte length of the {what}", "the end of the payload", at);
            }

            length = (ushort)raw;
        }
        else
        {
            if (!reader.TryRead(out var raw))
            {
                ThrowHelper.ProtocolViolation($"the 1-byte length of the {what}", "the end of the payload", at);
            }

            length = raw;
        }

        if (reader.Remaining < length)
        {
            ThrowHelper.ProtocolViolation($"{length} bytes of {what}", $"{reader.Remaining} bytes left", at);
        }

        var bytes = reader.UnreadSequence.Slice(0, length);
        reader.Advance(length);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            ThrowHelper.ProtocolViolation($"UTF-8 text for the {what}", "invalid UTF-8", at);
            return string.Empty;
        }
    }
}
