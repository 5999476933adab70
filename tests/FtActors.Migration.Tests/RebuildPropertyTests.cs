using FsCheck;
using FsCheck.Fluent;
using FtActors.Migration.Receiving;
using FtActors.Migration.Streaming;
using FtActors.Pages;
using FtActors.Store;

namespace FtActors.Migration.Tests;

public sealed class RebuildPropertyTests
{
    private static readonly IPageBatchEngine s_engine = PageEngines.Default;

    [Fact]
    public void StreamAndApply_RandomPagesAndStaleStore_DestinationEqualsSourceAfterEachRound()
    {
        // Pages drawn from a small palette so stores hit, miss and repeat; pattern 0 is the zero page.
        var pages = Gen.Choose(1, 2200).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 12), n));
        var arb = pages.SelectMany(src => Gen.ArrayOf(Gen.Choose(0, 14), src.Length)
            .SelectMany(store => Gen.ArrayOf(Gen.Choose(-6, 14), src.Length)
                .SelectMany(changes => Gen.Elements(true, false).Select(withStore => (src, store, changes, withStore))))).ToArbitrary();
        Prop.ForAll(arb, c =>
        {
            using var files = new TestFiles();
            var source = files.RamFile("src", c.src);
            var destination = files.EmptyFile("dst", c.src.Length);
            using var store = c.withStore ? files.Store("store", files.RamFile("old", c.store)) : null;
            using var held = store is null ? null : s_engine.CreateHashSet(store.AllHashes());
            var tracker = new HashDirtyTracker(c.src.Length);
            var streamer = new PageStreamer(source, s_engine, held, tracker);
            using var receiver = new PageReceiver(destination, store, s_engine);

            Apply(streamer, receiver, 0);
            var round0 = File.ReadAllBytes(source).AsSpan().SequenceEqual(File.ReadAllBytes(destination));

            // The guest writes between rounds: negative entries keep a page, others overwrite it (0: zero it).
            var changed = c.src.Select((p, i) => c.changes[i] < 0 ? p : c.changes[i]).ToArray();
            files.RamFile("src", changed);
            var counters = Apply(streamer, receiver, 1);
            var round1 = File.ReadAllBytes(source).AsSpan().SequenceEqual(File.ReadAllBytes(destination));
            var expectedChanged = c.src.Select((p, i) => p != changed[i]).Count(d => d);
            return round0 && round1 && counters.ChangedPages == expectedChanged;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(25));
    }

    [Fact]
    public void Apply_ReferenceToCorruptStorePage_ThrowsAndWritesNothingWrong()
    {
        using var files = new TestFiles();
        var source = files.RamFile("src", [1, 2, 3, 0]);
        var destination = files.EmptyFile("dst", 4);
        var dir = files.Path("store");
        files.Store("store", source).Dispose();
        using (var pagesFile = new FileStream(System.IO.Path.Combine(dir, "pages.ftp"), FileMode.Open, FileAccess.ReadWrite))
        {
            // Flip a byte in every page slot: the index still names the hashes, but no page matches.
            for (long at = 100; at < pagesFile.Length; at += PageSize.Bytes)
            {
                pagesFile.Position = at;
                var b = pagesFile.ReadByte();
                pagesFile.Position = at;
                pagesFile.WriteByte((byte)(b ^ 0xff));
            }
        }

        using var store = PageStore.Open(dir, verifyChecksums: false);
        using var held = s_engine.CreateHashSet(store.AllHashes());
        var streamer = new PageStreamer(source, s_engine, held, new HashDirtyTracker(4));
        using var receiver = new PageReceiver(destination, store, s_engine);
        var batch = streamer.ReadRound(0, new RoundCounters()).Single();
        using (batch)
        {
            var e = Assert.Throws<MigrationException>(() => receiver.Apply(batch.Payload.Span));
            Assert.Contains("cannot be resolved", e.Message, StringComparison.Ordinal);
        }

        Assert.True(File.ReadAllBytes(destination).All(b => b == 0), "nothing of a failed batch may reach the RAM file");
    }

    [Fact]
    public void Apply_PageNotMatchingItsHash_Throws()
    {
        using var files = new TestFiles();
        var source = files.RamFile("src", [5, 6]);
        var streamer = new PageStreamer(source, s_engine, null, new HashDirtyTracker(2));
        using var receiver = new PageReceiver(files.EmptyFile("dst", 2), null, s_engine);
        using var batch = streamer.ReadRound(0, new RoundCounters()).Single();
        var bytes = batch.Payload.ToArray();
        bytes[^1] ^= 1;
        var e = Assert.Throws<MigrationException>(() => receiver.Apply(bytes));
        Assert.Contains("frame 1 does not match its hash", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadRound_FreshStore_ReferencesHeldPagesAndSkipsZeroAndHoles()
    {
        using var files = new TestFiles();
        var source = files.RamFile("src", [1, 0, 2, 2, 3]);
        using var store = files.Store("store", files.RamFile("old", [1, 2, 0, 0, 0]));
        using var held = s_engine.CreateHashSet(store.AllHashes());
        var counters = new RoundCounters();
        var batches = new PageStreamer(source, s_engine, held, new HashDirtyTracker(5)).ReadRound(0, counters).ToList();
        batches.ForEach(b => b.Dispose());
        Assert.Equal((3L, 1L, 1L), (counters.PagesReferenced, counters.PagesSent, counters.ZeroPages));
    }

    private static RoundCounters Apply(PageStreamer streamer, PageReceiver receiver, int round)
    {
        var counters = new RoundCounters();
        foreach (var batch in streamer.ReadRound(round, counters))
        {
            using (batch)
            {
                receiver.Apply(batch.Payload.Span);
            }
        }

        return counters;
    }
}
