using System.Buffers;
using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using FtActors.Remoting.Framing;
using FtActors.Remoting.Tests.Support;
using Xunit;

namespace FtActors.Remoting.Tests;

public sealed class FrameCodecTests
{
    private static readonly FrameType[] ControlTypes =
        [FrameType.Hello, FrameType.Welcome, FrameType.Refuse, FrameType.Heartbeat, FrameType.Message, FrameType.Disassociate];

    [Fact]
    public void Write_OneFrame_ProducesDocumentedHeaderBytes()
    {
        var writer = new ArrayBufferWriter<byte>();
        FrameWriter.Write(writer, FrameType.Message, 0x0102030405060708, [0xAA, 0xBB]);

        Assert.Equal(
            new byte[] { 14, 0, 0, 0, (byte)'F', (byte)'T', 1, 5, 8, 7, 6, 5, 4, 3, 2, 1, 0xAA, 0xBB },
            writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void TryReadFrame_WrittenFrame_RoundTrips()
    {
        var writer = new ArrayBufferWriter<byte>();
        FrameWriter.Write(writer, FrameType.Heartbeat, 42, [1, 2, 3]);
        var buffer = new ReadOnlySequence<byte>(writer.WrittenMemory);

        var decoder = new FrameDecoder();
        Assert.True(decoder.TryReadFrame(ref buffer, out var frame));

        Assert.Equal(FrameType.Heartbeat, frame.Type);
        Assert.Equal(42UL, frame.Correlation);
        Assert.Equal(new byte[] { 1, 2, 3 }, frame.Payload.ToArray());
        Assert.True(buffer.IsEmpty);
        Assert.Equal(19, decoder.Position);
    }

    [Fact]
    public void TryReadFrame_IncompleteFrame_ReturnsFalseAndKeepsBuffer()
    {
        var bytes = Encode((FrameType.Message, 1UL, new byte[100]));
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var buffer = new ReadOnlySequence<byte>(bytes, 0, cut);
            Assert.False(new FrameDecoder().TryReadFrame(ref buffer, out _));
            Assert.Equal(cut, buffer.Length);
        }
    }

    [Fact]
    public void TryReadFrame_OversizedLength_RejectedFromTheLengthBytesAlone()
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, FrameLimits.MaxControlFrame + 1);
        var buffer = new ReadOnlySequence<byte>(bytes);

        var ex = Assert.Throws<ProtocolViolationException>(() => new FrameDecoder().TryReadFrame(ref buffer, out _));

        Assert.Equal(0, ex.Offset);
        Assert.Equal((FrameLimits.MaxControlFrame + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Found);
        Assert.Contains("expected a frame length between 12 and 262144", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadFrame_PageSizedControlFrameOnPageConnection_RejectedByType()
    {
        var header = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(header, FrameLimits.MaxControlFrame + 1);
        header[4] = (byte)'F';
        header[5] = (byte)'T';
        header[6] = 1;
        header[7] = (byte)FrameType.Message;
        var buffer = new ReadOnlySequence<byte>(header);

        var ex = Assert.Throws<ProtocolViolationException>(() => new FrameDecoder(ConnectionKind.Pages).TryReadFrame(ref buffer, out _));

        Assert.Contains("control frame length of at most 262144", ex.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadFrame_PageBatchOnControlConnection_Rejected()
    {
        var bytes = Encode((FrameType.PageBatch, 0UL, new byte[8]));
        var buffer = new ReadOnlySequence<byte>(bytes);

        var ex = Assert.Throws<ProtocolViolationException>(() => new FrameDecoder(ConnectionKind.Control).TryReadFrame(ref buffer, out _));

        Assert.Equal(7, ex.Offset);
        Assert.Equal("PageBatch (32)", ex.Found);
    }

    [Fact]
    public void TryReadFrame_PageBatchOnPageConnection_Accepted()
    {
        var payload = new byte[FrameLimits.MaxControlFrame * 2];
        var buffer = new ReadOnlySequence<byte>(Encode((FrameType.PageBatch, 9UL, payload)));

        Assert.True(new FrameDecoder(ConnectionKind.Pages).TryReadFrame(ref buffer, out var frame));
        Assert.Equal(payload.Length, frame.Payload.Length);
    }

    [Theory]
    [InlineData(4, 0x47, "the magic byte 'F' (0x46)")]
    [InlineData(5, 0x00, "the magic byte 'T' (0x54)")]
    [InlineData(6, 2, "frame version 1")]
    [InlineData(7, 99, "a known frame type (1-6 or 32)")]
    [InlineData(7, 0, "a known frame type (1-6 or 32)")]
    public void TryReadFrame_BadHeaderByte_ViolationNamesFieldAndOffset(int index, byte value, string expected)
    {
        var first = Encode((FrameType.Heartbeat, 1UL, Array.Empty<byte>()));
        var second = Encode((FrameType.Heartbeat, 2UL, Array.Empty<byte>()));
        second[index] = value;
        var buffer = new ReadOnlySequence<byte>([.. first, .. second]);
        var decoder = new FrameDecoder();

        Assert.True(decoder.TryReadFrame(ref buffer, out _));
        var ex = Assert.Throws<ProtocolViolationException>(() => decoder.TryReadFrame(ref buffer, out _));

        Assert.Equal(expected, ex.Expected);
        Assert.Equal(first.Length + index, ex.Offset);
    }

    [Fact]
    public void TryReadFrame_LengthBelowHeader_Rejected()
    {
        var bytes = new byte[] { 11, 0, 0, 0 };
        var buffer = new ReadOnlySequence<byte>(bytes);

        var ex = Assert.Throws<ProtocolViolationException>(() => new FrameDecoder().TryReadFrame(ref buffer, out _));

        Assert.Equal("11", ex.Found);
    }

    [Fact]
    public void Write_PayloadOverControlLimit_Throws()
    {
        var writer = new ArrayBufferWriter<byte>();
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameWriter.Write(writer, FrameType.Message, 0, new byte[FrameLimits.MaxControlPayload + 1]));
        FrameWriter.Write(writer, FrameType.Message, 0, new byte[FrameLimits.MaxControlPayload]);
        Assert.Equal(FrameLimits.MaxControlFrame + 4, writer.WrittenCount);
    }

    [Fact]
    public void TryReadFrame_ManyFrames_AllocatesNothing()
    {
        var stream = Encode(Enumerable.Range(0, 1000).Select(i => (FrameType.Message, (ulong)i, new byte[i % 300])).ToArray());
        var decoder = new FrameDecoder();
        var warmup = new ReadOnlySequence<byte>(stream);
        new FrameDecoder().TryReadFrame(ref warmup, out _);
        var buffer = new ReadOnlySequence<byte>(stream);
        var count = 0;
        long payloadBytes = 0;

        var before = GC.GetAllocatedBytesForCurrentThread();
        while (decoder.TryReadFrame(ref buffer, out var frame))
        {
            count++;
            payloadBytes += frame.Payload.Length;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1000, count);
        Assert.True(payloadBytes > 0);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void TryReadFrame_AnySplitOfValidStream_YieldsSameFrames()
    {
        var cases =
            from seed in Gen.Choose(0, int.MaxValue)
            from count in Gen.Choose(1, 8)
            from cuts in Gen.ArrayOf(Gen.Choose(0, 10_000), 6)
            select (seed, count, cuts);

        Prop.ForAll(Arb.From(cases), c =>
        {
            var frames = RandomFrames(new Random(c.seed), c.count);
            var stream = Encode(frames);
            var cutPoints = c.cuts.Select(x => x % (stream.Length + 1)).Distinct().Order().ToArray();
            var decoded = DecodeInPieces(stream, cutPoints);

            Assert.Equal(frames.Length, decoded.Count);
            for (var i = 0; i < frames.Length; i++)
            {
                Assert.Equal(frames[i].Type, decoded[i].Type);
                Assert.Equal(frames[i].Correlation, decoded[i].Correlation);
                Assert.Equal(frames[i].Payload, decoded[i].Payload);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void TryReadFrame_RandomBytes_FramesOrViolationNeverCrash()
    {
        var inputs =
            from seed in Gen.Choose(0, int.MaxValue)
            from length in Gen.Choose(0, 300)
            select (seed, length);

        Prop.ForAll(Arb.From(inputs), c =>
        {
            var bytes = new byte[c.length];
            new Random(c.seed).NextBytes(bytes);
            if (bytes.Length > 4)
            {
                // Half the time make the stream plausible so decoding gets past the length check.
                if ((c.seed & 1) == 0)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)(12 + (c.seed % 64)));
                    bytes[4] = (byte)'F';
                    if (bytes.Length > 6)
                    {
                        bytes[5] = (byte)'T';
                        bytes[6] = 1;
                    }
                }
            }

            AssertFramesOrViolation(bytes);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void TryReadFrame_MutatedValidStream_FramesOrViolationNeverCrash()
    {
        var inputs =
            from seed in Gen.Choose(0, int.MaxValue)
            from count in Gen.Choose(1, 5)
            from mutations in Gen.Choose(1, 6)
            select (seed, count, mutations);

        Prop.ForAll(Arb.From(inputs), c =>
        {
            var random = new Random(c.seed);
            var stream = Encode(RandomFrames(random, c.count));
            for (var i = 0; i < c.mutations; i++)
            {
                switch (random.Next(3))
                {
                    case 0:
                        stream[random.Next(stream.Length)] = (byte)random.Next(256);
                        break;
                    case 1:
                        stream = stream[..random.Next(stream.Length)];
                        break;
                    default:
                        var at = random.Next(stream.Length);
                        stream = [.. stream[..at], (byte)random.Next(256), .. stream[at..]];
                        break;
                }

                if (stream.Length == 0)
                {
                    break;
                }
            }

            AssertFramesOrViolation(stream);
        }).QuickCheckThrowOnFailure();
    }

    private static void AssertFramesOrViolation(byte[] bytes)
    {
        var decoder = new FrameDecoder();
        var buffer = new ReadOnlySequence<byte>(bytes);
        try
        {
            while (decoder.TryReadFrame(ref buffer, out var frame))
            {
                Assert.True(frame.Payload.Length <= FrameLimits.MaxControlPayload);
                Assert.True(Enum.IsDefined(frame.Type));
            }
        }
        catch (ProtocolViolationException ex)
        {
            Assert.InRange(ex.Offset, 0, bytes.Length);
            Assert.False(string.IsNullOrEmpty(ex.Expected));
        }
    }

    private static List<(FrameType Type, ulong Correlation, byte[] Payload)> DecodeInPieces(byte[] stream, int[] cutPoints)
    {
        // Feed the decoder as a pipe would: the unconsumed rest plus the next piece, in a multi-segment sequence.
        var decoder = new FrameDecoder();
        var result = new List<(FrameType, ulong, byte[])>();
        var pending = new List<byte[]>();
        var previous = 0;
        foreach (var cut in cutPoints.Append(stream.Length))
        {
            pending.Add(stream[previous..cut]);
            previous = cut;
            var buffer = Segments.Build(pending);
            while (decoder.TryReadFrame(ref buffer, out var frame))
            {
                result.Add((frame.Type, frame.Correlation, frame.Payload.ToArray()));
            }

            pending = [buffer.ToArray()];
        }

        return result;
    }

    private static (FrameType Type, ulong Correlation, byte[] Payload)[] RandomFrames(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ =>
        {
            var payload = new byte[random.Next(0, random.Next(2) == 0 ? 40 : 5000)];
            random.NextBytes(payload);
            return (ControlTypes[random.Next(ControlTypes.Length)], (ulong)random.NextInt64(), payload);
        }).ToArray();

    private static byte[] Encode(params (FrameType Type, ulong Correlation, byte[] Payload)[] frames)
    {
        var writer = new ArrayBufferWriter<byte>();
        foreach (var (type, correlation, payload) in frames)
        {
            FrameWriter.Write(writer, type, correlation, payload);
        }

        return writer.WrittenSpan.ToArray();
    }
}
