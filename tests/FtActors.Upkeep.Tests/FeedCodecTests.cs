using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using FtActors.Migration.Wire;
using FtActors.Pages;
using FtActors.Store;

namespace FtActors.Upkeep.Tests;

public class FeedCodecTests
{
    private static byte[] Frame(PageFrameType type, ulong correlation, byte[] payload)
    {
        var w = new ArrayBufferWriter<byte>();
        StoreFeedCodec.Write(w, type, correlation, payload);
        return w.WrittenSpan.ToArray();
    }

    private static FeedFrame? Read(byte[] bytes)
    {
        var seq = new ReadOnlySequence<byte>(bytes);
        return StoreFeedCodec.TryRead(ref seq, 0, out FeedFrame? f) ? f : null;
    }

    [Fact]
    public void Pages_RoundTrip_KeepsHashesAndBytes()
    {
        PageHash[] hashes = [Pages.Hash(1), Pages.Hash(2)];
        byte[] pages = [.. Pages.Page(1), .. Pages.Page(2)];
        FeedFrame f = Read(Frame(PageFrameType.FeedPages, 42, StoreFeedCodec.EncodePages(hashes, pages)))!;
        Assert.Equal(PageFrameType.FeedPages, f.Type);
        Assert.Equal(42UL, f.Correlation);
        (PageHash[] h, byte[] p) = StoreFeedCodec.DecodePages(f.Payload);
        Assert.Equal(hashes, h);
        Assert.Equal(pages, p);
    }

    [Fact]
    public void TryRead_MigrationFrameType_RejectedNamingTypeAndOffset()
    {
        var w = new ArrayBufferWriter<byte>();
        PageFrameCodec.Write(w, PageFrameType.Batch, 1, [1, 2, 3]);
        var e = Assert.Throws<UpkeepException>(() => Read(w.WrittenSpan.ToArray()));
        Assert.Contains("type 5", e.Message, StringComparison.Ordinal);
        Assert.Contains("offset 7", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_PartialFrame_ReturnsFalseUntilComplete()
    {
        byte[] whole = Frame(PageFrameType.FeedAck, 7, []);
        for (int n = 0; n < whole.Length; n++)
        {
            Assert.Null(Read(whole[..n]));
        }

        Assert.Equal(7UL, Read(whole)!.Correlation);
    }

    [Fact]
    public void MapAndHashesAndMapEnd_RoundTrip_Property()
    {
        Gen<GuestMapEntry> entry =
            from frame in Gen.Choose(0, int.MaxValue)
            from lo in ArbMap.Default.GeneratorFor<ulong>()
            from hi in ArbMap.Default.GeneratorFor<ulong>()
            from stable in Gen.Choose(0, 1000)
            from sel in ArbMap.Default.GeneratorFor<bool>()
            select new GuestMapEntry((ulong)frame, new PageHash(lo, hi), (uint)stable, sel);
        Prop.ForAll(entry.ArrayOf().ToArbitrary(), entries =>
        {
            GuestMapEntry[] map = StoreFeedCodec.DecodeMap(Read(Frame(PageFrameType.FeedMap, 3, StoreFeedCodec.EncodeMap(entries)))!.Payload);
            PageHash[] hashes = StoreFeedCodec.DecodeHashes(StoreFeedCodec.EncodeHashes([.. entries.Select(e => e.Hash)]));
            return map.SequenceEqual(entries) && hashes.SequenceEqual(entries.Select(e => e.Hash));
        }).QuickCheckThrowOnFailure();
        (uint scans, DateTimeOffset at) = StoreFeedCodec.DecodeMapEnd(StoreFeedCodec.EncodeMapEnd(9, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123)));
        Assert.Equal(9u, scans);
        Assert.Equal(1_700_000_000_123, at.ToUnixTimeMilliseconds());
    }

    /// <summary>Random bytes: the reader wants more, yields a frame, or refuses with an UpkeepException; nothing else.</summary>
    [Fact]
    public void TryRead_RandomBytes_NeverCrashes()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes => Decodes(bytes)).QuickCheckThrowOnFailure();
    }

    /// <summary>A valid frame with one byte changed anywhere: read cleanly (and its payload decoded or refused cleanly).</summary>
    [Fact]
    public void TryReadAndDecode_MutatedFrames_RejectedCleanly()
    {
        byte[][] valid =
        [
            Frame(PageFrameType.FeedPages, 1, StoreFeedCodec.EncodePages([Pages.Hash(1)], Pages.Page(1))),
            Frame(PageFrameType.FeedMap, 2, StoreFeedCodec.EncodeMap([new GuestMapEntry(5, Pages.Hash(2), 3, true)])),
            Frame(PageFrameType.FeedHeld, 0, StoreFeedCodec.EncodeHashes([Pages.Hash(3)])),
            Frame(PageFrameType.FeedMapEnd, 2, StoreFeedCodec.EncodeMapEnd(1, DateTimeOffset.UnixEpoch)),
        ];
        Gen<(int Which, int Pos, byte Value)> mutation =
            from which in Gen.Choose(0, valid.Length - 1)
            from pos in Gen.Choose(0, 60)
            from value in ArbMap.Default.GeneratorFor<byte>()
            select (which, pos, value);
        Prop.ForAll(mutation.ToArbitrary(), m =>
        {
            byte[] bytes = (byte[])valid[m.Which].Clone();
            bytes[Math.Min(m.Pos, bytes.Length - 1)] = m.Value;
            return Decodes(bytes);
        }).QuickCheckThrowOnFailure();
    }

    private static bool Decodes(byte[] bytes)
    {
        try
        {
            FeedFrame? f = Read(bytes);
            if (f is null)
            {
                return true;
            }

            _ = f.Type switch
            {
                PageFrameType.FeedPages => StoreFeedCodec.DecodePages(f.Payload).Hashes.Length,
                PageFrameType.FeedMap => StoreFeedCodec.DecodeMap(f.Payload).Length,
                PageFrameType.FeedHeld => StoreFeedCodec.DecodeHashes(f.Payload).Length,
                PageFrameType.FeedMapEnd => (int)StoreFeedCodec.DecodeMapEnd(f.Payload).Scans,
                _ => 0,
            };
            return true;
        }
        catch (UpkeepException e)
        {
            return e.Message.Contains("expected", StringComparison.Ordinal) && e.Message.Contains("found", StringComparison.Ordinal);
        }
    }
}
