using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using FtActors.Migration.Wire;
using FtActors.Pages;

namespace FtActors.Migration.Tests;

public sealed class PageFrameCodecTests
{
    // The page codec accepts the migration types (1-13); the store feed appends its own from 32 on, for its own codec.
    private static readonly PageFrameType[] s_types = [.. Enum.GetValues<PageFrameType>().Where(t => (byte)t <= (byte)PageFrameType.Digest)];

    [Fact]
    public void TryRead_AnySplitPoint_ReturnsSameFrames()
    {
        var arb = Gen.Choose(1, 5).SelectMany(n => Gen.ArrayOf(FrameGen(), n)).SelectMany(frames => Gen.Choose(0, 1 << 20).Select(split => (frames, split))).ToArbitrary();
        Prop.ForAll(arb, c =>
        {
            var (frames, splitSeed) = c;
            var stream = Encode(frames);
            var split = splitSeed % (stream.Length + 1);
            var decoded = new List<(PageFrameType, ulong, byte[])>();

            // First only the prefix arrives: every complete frame in it decodes, the partial one waits.
            var buffer = new ReadOnlySequence<byte>(stream, 0, split);
            long consumed = 0;
            while (PageFrameCodec.TryRead(ref buffer, consumed, out var f))
            {
                using (f)
                {
                    decoded.Add((f!.Type, f.Correlation, f.Payload.ToArray()));
                }

                consumed = split - buffer.Length;
            }

            // Then the rest arrives, as a second segment after what is left of the first.
            var rest = Segments(stream.AsMemory((int)consumed, split - (int)consumed), stream.AsMemory(split));
            while (PageFrameCodec.TryRead(ref rest, consumed, out var f))
            {
                using (f)
                {
                    decoded.Add((f!.Type, f.Correlation, f.Payload.ToArray()));
                }
            }

            return rest.Length == 0 && decoded.Count == frames.Length
                && decoded.Zip(frames).All(p => p.First.Item1 == p.Second.Type && p.First.Item2 == p.Second.Correlation && p.First.Item3.AsSpan().SequenceEqual(p.Second.Payload));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Decode_MutatedBatchFrame_DecodesOrThrowsProtocolException()
    {
        var arb = Gen.Choose(1, 40).SelectMany(n => Gen.ArrayOf(Gen.Elements(PageType.Normal, PageType.Zero, PageType.NotPresent, PageType.AtDestination), n))
            .SelectMany(types => Gen.Choose(0, int.MaxValue).SelectMany(pos => Gen.Choose(0, 255).Select(value => (types, pos, value))))
            .ToArbitrary();
        Prop.ForAll(arb, c =>
        {
            var (types, pos, value) = c;
            var pages = new byte[types.Length * PageSize.Bytes];
            new Random(pos).NextBytes(pages);
            var hashes = new PageHash[types.Length];
            for (var i = 0; i < types.Length; i++)
            {
                hashes[i] = PageEngines.Managed.Hash(pages.AsSpan(i * PageSize.Bytes, PageSize.Bytes));
            }

            var payload = new byte[PageBatchCodec.PayloadSize(types)];
            PageBatchCodec.Encode(3, types, hashes, pages, payload);
            var writer = new ArrayBufferWriter<byte>();
            PageFrameCodec.Write(writer, PageFrameType.Batch, 7, payload);
            var frame = writer.WrittenSpan.ToArray();
            var at = pos % frame.Length;
            var changed = frame[at] != (byte)value;
            frame[at] = (byte)value;
            // Any other exception type escapes and fails the property: bad input must never crash the decoder.
            try
            {
                var seq = new ReadOnlySequence<byte>(frame);
                if (!PageFrameCodec.TryRead(ref seq, 0, out var f))
                {
                    // Only a mutated length can make a whole frame look incomplete; the decoder then waits.
                    return changed && at < 4;
                }

                using (f)
                {
                    PageBatchCodec.Decode(f!.Payload, 1 << 20);
                    return true;
                }
            }
            catch (PageProtocolException)
            {
                return changed;
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void TryRead_WrongMagic_ThrowsWithOffset()
    {
        var writer = new ArrayBufferWriter<byte>();
        PageFrameCodec.Write(writer, PageFrameType.Ack, 1, []);
        var bytes = writer.WrittenSpan.ToArray();
        bytes[5] = (byte)'T';
        var seq = new ReadOnlySequence<byte>(bytes);
        var e = Assert.Throws<PageProtocolException>(() => PageFrameCodec.TryRead(ref seq, 100, out _));
        Assert.Equal(105, e.Offset);
        Assert.Contains("'P'", e.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_OversizedLength_ThrowsBeforeReadingPayload()
    {
        var bytes = new byte[16];
        PageFrameCodec.WriteHeader(bytes, PageFrameType.Batch, 0, 0);
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 4), (uint)(PageFrameCodec.MaxPayload + 13));
        var seq = new ReadOnlySequence<byte>(bytes);
        var e = Assert.Throws<PageProtocolException>(() => PageFrameCodec.TryRead(ref seq, 0, out _));
        Assert.Equal(0, e.Offset);
    }

    [Fact]
    public void Decode_BatchPastGuestEnd_Throws()
    {
        PageType[] types = [PageType.Zero, PageType.Zero];
        var payload = new byte[PageBatchCodec.PayloadSize(types)];
        PageBatchCodec.Encode(9, types, new PageHash[2], new byte[2 * PageSize.Bytes], payload);
        var e = Assert.Throws<PageProtocolException>(() => PageBatchCodec.Decode(payload, 10));
        Assert.Contains("frames 9..10", e.Found, StringComparison.Ordinal);
    }

    private static Gen<TestFrame> FrameGen() =>
        Gen.Elements(s_types).SelectMany(t => Gen.Choose(0, int.MaxValue).SelectMany(corr => Gen.Choose(0, 300).Select(len =>
        {
            var payload = new byte[len];
            new Random(corr).NextBytes(payload);
            return new TestFrame(t, (ulong)corr * 31, payload);
        })));

    private static byte[] Encode(TestFrame[] frames)
    {
        var writer = new ArrayBufferWriter<byte>();
        foreach (var f in frames)
        {
            PageFrameCodec.Write(writer, f.Type, f.Correlation, f.Payload);
        }

        return writer.WrittenSpan.ToArray();
    }

    private static ReadOnlySequence<byte> Segments(ReadOnlyMemory<byte> a, ReadOnlyMemory<byte> b)
    {
        var first = new Segment(a, 0);
        var last = first.Append(b);
        return new ReadOnlySequence<byte>(first, 0, last, b.Length);
    }

    internal sealed record TestFrame(PageFrameType Type, ulong Correlation, byte[] Payload);

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long index)
        {
            Memory = memory;
            RunningIndex = index;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
