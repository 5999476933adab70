using FsCheck;
using FsCheck.Fluent;
using FtActors.Migration.Receiving;
using FtActors.Migration.Streaming;
using FtActors.Pages;

namespace FtActors.Migration.Tests;

public sealed class StreamingTests
{
    private static readonly IPageBatchEngine s_engine = PageEngines.Default;

    [Fact]
    public void ReadRound_RangesOverOneTracker_DestinationEqualsSourceAfterEachRound()
    {
        // Several streamers over contiguous ranges (one per page connection) sharing one tracker.
        var arb = StreamingCases.Rounds(3000);
        Prop.ForAll(arb, c =>
        {
            using var files = new TestFiles();
            var source = files.RamFile("src", c.src);
            var destination = files.EmptyFile("dst", c.src.Length);
            var tracker = new HashDirtyTracker(c.src.Length);
            var streamers = Ranges(c.src.Length, c.lanes).Select(r => new PageStreamer(source, s_engine, null, tracker, r.First, r.Count)).ToList();
            using var receiver = new PageReceiver(destination, null, s_engine);
            streamers.ForEach(s => Apply(s, receiver, 0, null));
            var round0 = Same(source, destination);
            files.RamFile("src", c.src.Select((p, i) => c.changes[i] < 0 ? p : c.changes[i]).ToArray());
            streamers.ForEach(s => Apply(s, receiver, 1, null));
            return round0 && Same(source, destination);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(20));
    }

    [Fact]
    public void ReadRound_CandidatesOverReportingWrites_DestinationEqualsSourceAndCleanFramesUnread()
    {
        // What soft-dirty gives a round: every written frame plus some that were not written. The round must
        // rebuild the source exactly and read nothing outside the set.
        var arb = Gen.Choose(1, 2500).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 9), n))
            .SelectMany(src => Gen.ArrayOf(Gen.Choose(-8, 9), src.Length).SelectMany(changes => Gen.ArrayOf(Gen.Elements(true, false), src.Length).Select(extra => (src, changes, extra))))
            .ToArbitrary();
        Prop.ForAll(arb, c =>
        {
            using var files = new TestFiles();
            var source = files.RamFile("src", c.src);
            var destination = files.EmptyFile("dst", c.src.Length);
            var streamer = new PageStreamer(source, s_engine, null, new HashDirtyTracker(c.src.Length));
            using var receiver = new PageReceiver(destination, null, s_engine);
            Apply(streamer, receiver, 0, null);
            var written = c.src.Select((p, i) => c.changes[i] >= 0).ToArray();
            files.RamFile("src", c.src.Select((p, i) => written[i] ? c.changes[i] : p).ToArray());
            var candidates = new DirtyFrameSet(c.src.Length);
            for (var i = 0; i < c.src.Length; i++)
            {
                if (written[i] || c.extra[i])
                {
                    candidates.Add(i);
                }
            }

            var counters = Apply(streamer, receiver, 1, candidates);
            return Same(source, destination) && counters.BytesRead == candidates.Count * PageSize.Bytes;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(20));
    }

    [Fact]
    public void FindHoles_SparseFile_ReportsExactlyTheUnwrittenPages()
    {
        var arb = Gen.Choose(1, 600).SelectMany(n => Gen.ArrayOf(Gen.Elements(true, false), n)).ToArbitrary();
        Prop.ForAll(arb, data =>
        {
            using var files = new TestFiles();
            var path = files.EmptyFile("ram", data.Length);
            using (var f = new FileStream(path, FileMode.Open, FileAccess.Write))
            {
                for (var i = 0; i < data.Length; i++)
                {
                    if (data[i])
                    {
                        f.Position = (long)i * PageSize.Bytes;
                        f.Write(TestFiles.Page(i + 1));
                    }
                }
            }

            using var map = new RamFileMap(path);
            var holes = new bool[data.Length];
            map.FindHoles(0, holes);
            // A file system may allocate more than was written (never less); ext4 and tmpfs allocate per 4 KiB block.
            return data.Select((d, i) => !d || !holes[i]).All(x => x) && (!holes.Any(h => h) || data.Select((d, i) => d != holes[i]).All(x => x));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(30));
    }

    [Fact]
    public void RamFileMap_FileNotWholePages_ThrowsSayingWhatWasFound()
    {
        using var files = new TestFiles();
        var path = files.Path("odd");
        File.WriteAllBytes(path, new byte[5000]);
        var e = Assert.Throws<MigrationException>(() => new RamFileMap(path));
        Assert.Contains("found 5000 bytes", e.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<(long First, long Count)> Ranges(long frames, int lanes)
    {
        var per = (frames + lanes - 1) / lanes;
        per = (per + PageSize.BatchPages - 1) / PageSize.BatchPages * PageSize.BatchPages;
        for (var i = 0; i < lanes; i++)
        {
            var first = Math.Min(frames, i * per);
            yield return (first, Math.Min(frames - first, per));
        }
    }

    private static bool Same(string a, string b) => File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b));

    private static RoundCounters Apply(PageStreamer streamer, PageReceiver receiver, int round, DirtyFrameSet? candidates)
    {
        var counters = new RoundCounters();
        foreach (var batch in streamer.ReadRound(round, counters, candidates))
        {
            using (batch)
            {
                receiver.Apply(batch.Payload.Span);
            }
        }

        return counters;
    }
}
