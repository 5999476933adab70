using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FtActors.Images.Analysis;
using FtActors.Pages;

namespace FtActors.Images.Tests;

/// <summary>
/// The one-pass comparer against a plain frame-by-frame oracle written from docs/compare.md, and the hashed walk
/// of the readers' own images against the batch walk any other <see cref="IGuestImage"/> gets.
/// </summary>
public sealed class ComparePropertyTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Compare_RandomRawImages_MatchesFrameByFrameOracle()
    {
        // Few distinct seeds so contents repeat, move and recur across images; 0 is a zero page.
        var image = Gen.Choose(0, 6).ArrayOf().Where(a => a.Length > 0);
        var images = from count in Gen.Choose(2, 4)
                     from list in image.ArrayOf(count)
                     select list;
        Prop.ForAll(images.ToArbitrary(), CompareMatchesOracle).Check(Config.QuickThrowOnFailure.WithMaxTest(60));
    }

    [Fact]
    public void Compare_ImagesAcrossBatchAndReadBoundaries_MatchesFrameByFrameOracle()
    {
        // 2100 and 1500 pages: several 1024-page batches and 16-page reads, ending part way through both.
        var random = new Random(7);
        int[] a = [.. Enumerable.Range(0, 2100).Select(_ => random.Next(0, 40))];
        int[] b = [.. a.Take(1500).Select((s, i) => i % 97 == 0 ? random.Next(0, 60) : s)];
        Array.Reverse(b, 200, 300); // a stretch of moved pages

        Assert.True(CompareMatchesOracle([a, b]));
    }

    [Fact]
    public void Compare_ImageNotFromAReader_GivesTheSameReportAsTheReadersOwn()
    {
        var stream = QemuImages.Stream(
            [("pc.ram", 40 * 4096), ("pc.bios", 2 * 4096)],
            [[.. Enumerable.Range(0, 40).Select(i => new RamRecord("pc.ram", (ulong)i * 4096, i % 5 == 0 ? null : (i % 7) + 1)),
              new RamRecord("pc.bios", 0, 3), new RamRecord("pc.bios", 4096, 9)]]);
        using var a = ImageReader.Open(_files.Write(stream));
        using var b = ImageReader.Open(_files.Write([.. Enumerable.Range(0, 45).SelectMany(i => i % 3 == 0 ? new byte[PageSize.Bytes] : TestPages.Page((i % 4) + 1))]));
        using var wrappedA = new ForeignImage(a);
        using var wrappedB = new ForeignImage(b);

        var direct = new ImageComparer(PageEngines.Managed).Compare([a, b]);
        var viaBatches = new ImageComparer(PageEngines.Managed).Compare([wrappedA, wrappedB]);

        Assert.Equal(Json(direct), Json(viaBatches));
        Assert.Equal(
            JsonSerializer.Serialize(new ImageInspector(PageEngines.Managed).Inspect(a), ReportJsonContext.Default.InspectReport),
            JsonSerializer.Serialize(new ImageInspector(PageEngines.Managed).Inspect(wrappedA), ReportJsonContext.Default.InspectReport));
    }

    private static string Json(CompareReport report) => JsonSerializer.Serialize(report, ReportJsonContext.Default.CompareReport);

    private bool CompareMatchesOracle(int[][] seeds)
    {
        var opened = seeds.Select(s => ImageReader.Open(_files.Write([.. s.SelectMany(x => x == 0 ? new byte[PageSize.Bytes] : TestPages.Page(x))]))).ToList();
        try
        {
            var runs = new List<PageStateRun>();
            var report = new ImageComparer(PageEngines.Managed).Compare(opened, runs);
            var first = seeds[0];
            var firstContents = first.Where(x => x != 0).ToHashSet();
            for (int k = 1; k < seeds.Length; k++)
            {
                var (expected, states) = Oracle(first, seeds[k], firstContents, seeds.Max(s => s.Length));
                var pair = report.Pairs[k - 1];
                Assert.Equal(expected, pair.Totals with { Name = "oracle" });
                var inside = pair.Regions.Single(r => r.Name == "raw");
                var outside = pair.Regions.SingleOrDefault(r => r.Name == "(outside)");
                Assert.Equal(expected.Pages, inside.Pages + (outside?.Pages ?? 0));
                Assert.Equal(seeds[k].Length > first.Length, outside is not null);
                Assert.Equal(seeds[k].Count(x => x != 0 && firstContents.Contains(x)), pair.FoundAnywhere);
                Assert.Equal(seeds[k].Count(x => x != 0), pair.SecondNonZero);
                if (k == 1)
                {
                    Assert.Equal(states, runs.SelectMany(r => Enumerable.Repeat(r.State, (int)r.Count)));
                    Assert.True(runs.Zip(runs.Skip(1)).All(p => p.First.Frame + (ulong)p.First.Count <= p.Second.Frame), "runs ascend without overlap");
                }
            }

            for (int k = 0; k < seeds.Length; k++)
            {
                var s = seeds[k];
                Assert.Equal(new ImageSummary(opened[k].Path, "raw", s.Length, s.Count(x => x == 0), s.Count(x => x != 0), s.Where(x => x != 0).Distinct().Count()), report.Images[k]);
            }

            int shortest = seeds.Min(s => s.Length);
            var common = seeds.Skip(1).Aggregate(firstContents.AsEnumerable(), (set, s) => set.Intersect(s)).ToHashSet();
            Assert.Equal(Enumerable.Range(0, shortest).Count(f => first[f] != 0 && seeds.All(s => s[f] == first[f])), report.Common.SamePositionNonZero);
            Assert.Equal(common.Count, report.Common.DistinctContents);
            Assert.Equal(first.Count(common.Contains), report.Common.FirstImagePages);
            Assert.Equal(report.Pairs.All(p => p.Totals.Pages == p.Totals.Same), report.Identical);
            return true;
        }
        finally
        {
            opened.ForEach(i => i.Dispose());
        }
    }

    /// <summary>docs/compare.md's table, frame by frame over the <paramref name="frames"/> walked, with the first image's contents known in full up front.</summary>
    private static (RegionComparison Totals, List<PageState> States) Oracle(int[] a, int[] b, HashSet<int> firstContents, int frames)
    {
        long pages = 0, same = 0, sameNonZero = 0, zeroBoth = 0, moved = 0, different = 0, onlyFirst = 0, onlySecond = 0;
        var states = new List<PageState>();
        for (int f = 0; f < frames; f++)
        {
            bool hasA = f < a.Length, hasB = f < b.Length;
            PageState state;
            if (!hasA && !hasB)
            {
                // A frame only a third image has: walked, drawn as absent, not counted for this pair.
                states.Add(PageState.Absent);
                continue;
            }

            pages++;
            if (!hasB)
            {
                onlyFirst++;
                state = PageState.OnlyOne;
            }
            else if (!hasA)
            {
                onlySecond++;
                state = PageState.OnlyOne;
            }
            else if (a[f] == 0 && b[f] == 0)
            {
                same++;
                zeroBoth++;
                state = PageState.Zero;
            }
            else if (a[f] == b[f])
            {
                same++;
                sameNonZero++;
                state = PageState.Same;
            }
            else if (b[f] != 0 && firstContents.Contains(b[f]))
            {
                moved++;
                state = PageState.Moved;
            }
            else
            {
                different++;
                state = PageState.Different;
            }

            states.Add(state);
        }

        return (new RegionComparison("oracle", null, pages, same, sameNonZero, zeroBoth, moved, different, onlyFirst, onlySecond), states);
    }

    /// <summary>An image that is not the readers' own type, so the analysis tools take the batch walk.</summary>
    private sealed class ForeignImage(IGuestImage inner) : IGuestImage
    {
        public string Path => inner.Path;

        public ImageFormat Format => inner.Format;

        public long FrameCount => inner.FrameCount;

        public long PageCount => inner.PageCount;

        public long GuestBytes => inner.GuestBytes;

        public IReadOnlyList<ImageRegion> Regions => inner.Regions;

        public IReadOnlyDictionary<string, string> Properties => inner.Properties;

        public XenFrameMap? Xen => inner.Xen;

        public IEnumerable<PageBatch> ReadBatches(int batchPages = PageSize.BatchPages) => inner.ReadBatches(batchPages);

        public void Dispose()
        {
            // The inner image belongs to the test, which disposes it.
        }
    }
}
