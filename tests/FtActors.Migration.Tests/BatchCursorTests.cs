using System.Collections.Concurrent;
using FsCheck;
using FsCheck.Fluent;
using FtActors.Migration.Receiving;
using FtActors.Migration.Streaming;
using FtActors.Pages;

namespace FtActors.Migration.Tests;

public sealed class BatchCursorTests
{
    private static readonly IPageBatchEngine s_engine = PageEngines.Default;

    [Fact]
    public void TryTake_SeveralThreads_EveryBatchTakenExactlyOnce()
    {
        var arb = Gen.Choose(0, 200_000).SelectMany(frames => Gen.Choose(0, 5000).SelectMany(first => Gen.Choose(1, 6).Select(threads => (frames, first, threads)))).ToArbitrary();
        Prop.ForAll(arb, c =>
        {
            var cursor = new BatchCursor(c.first, c.frames);
            var taken = new ConcurrentBag<(long First, int Count)>();
            Parallel.For(0, c.threads, new ParallelOptions { MaxDegreeOfParallelism = c.threads }, _ =>
            {
                while (cursor.TryTake(out var first, out var count))
                {
                    taken.Add((first, count));
                }
            });
            var sorted = taken.OrderBy(b => b.First).ToList();
            // Contiguous, whole batches except perhaps the last, covering exactly [first, first + frames).
            var next = (long)c.first;
            foreach (var (first, count) in sorted)
            {
                if (first != next || count <= 0 || count > PageSize.BatchPages || (count < PageSize.BatchPages && first + count != c.first + c.frames))
                {
                    return false;
                }

                next = first + count;
            }

            return next == c.first + c.frames && !cursor.TryTake(out _, out _);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(50));
    }

    [Fact]
    public void ReadRound_StreamersSharingCursorOnThreads_DestinationEqualsSourceAfterEachRound()
    {
        // What a session does: every page connection's streamer covers the whole file and takes batches from
        // one cursor per round, on its own thread, all sharing one tracker.
        var arb = StreamingCases.Rounds(5000);
        Prop.ForAll(arb, c =>
        {
            using var files = new TestFiles();
            var source = files.RamFile("src", c.src);
            var destination = files.EmptyFile("dst", c.src.Length);
            var tracker = new HashDirtyTracker(c.src.Length);
            var streamers = Enumerable.Range(0, c.lanes).Select(_ => new PageStreamer(source, s_engine, null, tracker)).ToList();
            var receivers = streamers.Select(_ => new PageReceiver(destination, null, s_engine)).ToList();
            try
            {
                var sent0 = Round(streamers, receivers, 0, c.src.Length);
                var round0 = Same(source, destination);
                files.RamFile("src", c.src.Select((p, i) => c.changes[i] < 0 ? p : c.changes[i]).ToArray());
                var sent1 = Round(streamers, receivers, 1, c.src.Length);
                var changed = c.src.Where((p, i) => c.changes[i] >= 0 && c.changes[i] != p).Count();
                // Round 0 reads every non-zero page once; round 1 changes exactly the rewritten pages.
                return round0 && Same(source, destination) && sent0 == c.src.Count(p => p != 0) && sent1 == changed;
            }
            finally
            {
                receivers.ForEach(r => r.Dispose());
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(20));
    }

    [Fact]
    public void ReadRound_CursorOutsideStreamerRange_ThrowsSayingBoth()
    {
        using var files = new TestFiles();
        var source = files.RamFile("src", [1, 2, 3, 4]);
        var streamer = new PageStreamer(source, s_engine, null, new HashDirtyTracker(4), 0, 2);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => streamer.ReadRound(0, new RoundCounters(), null, new BatchCursor(0, 4)));
        Assert.Contains("[0, 2)", e.Message, StringComparison.Ordinal);
        Assert.Contains("[0, 4)", e.Message, StringComparison.Ordinal);
    }

    private static long Round(List<PageStreamer> streamers, List<PageReceiver> receivers, int round, long frames)
    {
        var cursor = new BatchCursor(0, frames);
        var counters = streamers.Select(_ => new RoundCounters()).ToArray();
        Parallel.For(0, streamers.Count, new ParallelOptions { MaxDegreeOfParallelism = streamers.Count }, i =>
        {
            foreach (var batch in streamers[i].ReadRound(round, counters[i], null, cursor))
            {
                using (batch)
                {
                    receivers[i].Apply(batch.Payload.Span);
                }
            }
        });
        return counters.Sum(c => c.ChangedPages);
    }

    private static bool Same(string a, string b) => File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b));
}
