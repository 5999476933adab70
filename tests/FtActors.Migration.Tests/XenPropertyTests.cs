using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using FtActors.Images;
using FtActors.Migration.Wire;
using FtActors.Migration.Xen;
using FtActors.TestKit;

namespace FtActors.Migration.Tests;

/// <summary>FsCheck properties of the image walk, the Xen frames and whole moves over random constructed images.</summary>
public sealed class XenPropertyTests
{
    // Types: mostly normal, pagetables (plain and pinned), and the no-data types XTAB / XALLOC / BROKEN.
    private static readonly int[] s_types = [0, 0, 0, 0, 1, 2, 4, 9, 12, 0xF, 0xE, 0xD];

    // A small palette so stores hit and miss and contents repeat; ZeroSeed gives zero pages.
    private static readonly Gen<XenEntry> s_entry =
        from pfn in Gen.Choose(0, 300)
        from type in Gen.Elements(s_types)
        from seed in Gen.Elements(XenImages.ZeroSeed, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)
        select new XenEntry((ulong)pfn, type, seed);

    private static readonly Gen<XenEntry[][]> s_batches =
        from count in Gen.Choose(1, 3)
        from batches in Gen.ArrayOf(Gen.Choose(1, 30).SelectMany(n => Gen.ArrayOf(s_entry, n)), count)
        select batches;

    private static readonly string[] s_variants = ["xl", "xl-be", "libxc", "legacy64", "legacy32"];

    private static byte[] Build(string variant, XenEntry[][] batches)
    {
        // The legacy layout has only the types 0, 1-4, 9-12 and 15, and pfns below max_pfn (512 here).
        XenEntry[][] legacy = batches.Select(b => b.Select(e => e.Type is 13 or 14 ? e with { Type = 0xF } : e).ToArray()).ToArray();
        return variant switch
        {
            "xl" => XenMoveHarness.Xl(batches),
            "xl-be" => XenImages.Xl(XenImages.Libxl(XenImages.Libxc(batches, bigEndian: true), bigEndian: true), bigEndian: true),
            "libxc" => XenImages.Libxc(batches),
            "legacy64" => XenImages.Legacy(8, 512, legacy),
            _ => XenImages.Legacy(4, 512, legacy, extInfo: true),
        };
    }

    private static List<byte[]> DataPages(string variant, XenEntry[][] batches) =>
        batches.SelectMany(b => b)
            .Where(e => variant.StartsWith("legacy", StringComparison.Ordinal) ? e.Type is not (0xF or 0xE or 0xD) : e.Type < 13)
            .Select(e => XenImages.Page(e.Seed)).ToList();

    [Fact]
    public void Scan_RandomImages_RunsHoldExactlyThePagesInEntryOrder()
    {
        using var h = new XenMoveHarness();
        var arb = (from variant in Gen.Elements(s_variants) from batches in s_batches select (variant, batches)).ToArbitrary();
        Prop.ForAll(arb, c =>
        {
            var bytes = Build(c.variant, c.batches);
            string path = h.Write("scan-" + Guid.NewGuid().ToString("N"), bytes);
            using (var image = ImageReader.Open(path))
            {
                var layout = XenImageLayout.Scan(path, image.Format);
                var expected = DataPages(c.variant, c.batches);
                var actual = layout.Runs.SelectMany(r => Enumerable.Range(0, r.Pages).Select(i => bytes.AsSpan((int)r.FileOffset + (i * 4096), 4096).ToArray())).ToList();
                Assert.Equal(expected.Count, layout.SlotCount);
                Assert.Equal(expected, actual);
                Assert.Equal(bytes.Length - (layout.SlotCount * 4096), layout.Gaps().Sum(g => g.Length));
            }

            File.Delete(path);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(60));
    }

    [Fact]
    public void Scan_MutatedOrTruncatedImages_RunsInsideTheFileOrXenImageException()
    {
        using var h = new XenMoveHarness();
        var arb = (from variant in Gen.Elements(s_variants)
                   from batches in s_batches
                   from at in Gen.Choose(0, int.MaxValue)
                   from value in Gen.Choose(0, 255)
                   from truncate in Gen.Elements(true, false)
                   select (variant, batches, at, value, truncate)).ToArbitrary();
        Prop.ForAll(arb, c =>
        {
            var bytes = Build(c.variant, c.batches);
            int at = c.at % bytes.Length;
            if (c.truncate)
            {
                bytes = bytes[..at];
            }
            else
            {
                bytes[at] = (byte)c.value;
            }

            string path = h.Write("mut-" + Guid.NewGuid().ToString("N"), bytes);
            foreach (var format in new[] { ImageFormat.XenXl, ImageFormat.XenLibxl, ImageFormat.XenLibxc, ImageFormat.XenLegacy })
            {
                try
                {
                    var layout = XenImageLayout.Scan(path, format);
                    Assert.All(layout.Runs, r => Assert.True(r.FileOffset >= 0 && r.End <= bytes.Length));
                    Assert.True(layout.Runs.Zip(layout.Runs.Skip(1)).All(p => p.First.End <= p.Second.FileOffset), "runs ascend without overlap");
                }
                catch (XenImageException e)
                {
                    Assert.Contains("expected", e.Message, StringComparison.Ordinal);
                    Assert.InRange(e.Offset, 0, bytes.Length);
                }
            }

            File.Delete(path);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150));
    }

    [Fact]
    public void DecodeRuns_RandomAndEncodedPayloads_RoundTripOrProtocolException()
    {
        var runGen = from offset in Gen.Choose(0, int.MaxValue) from pages in Gen.Choose(1, 1024) select new XenPageRun(offset, pages);
        var arb = (from runs in Gen.Choose(1, 20).SelectMany(n => Gen.ArrayOf(runGen, n))
                   from noise in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b))
                   from flip in Gen.Choose(-1, 300)
                   select (runs, noise, flip)).ToArbitrary();
        Prop.ForAll(arb, c =>
        {
            var payload = XenWire.EncodeRuns(c.runs);
            var decoded = new List<XenPageRun>();
            XenWire.DecodeRuns(payload, decoded);
            Assert.Equal(c.runs, decoded);

            if (c.flip >= 0 && c.flip < payload.Length)
            {
                payload[c.flip] ^= 0xff;
            }

            foreach (var bytes in new[] { payload, c.noise })
            {
                try
                {
                    var runs = new List<XenPageRun>();
                    XenWire.DecodeRuns(bytes, runs);
                    Assert.All(runs, r => Assert.True(r.FileOffset >= 0 && r.Pages > 0));
                }
                catch (PageProtocolException)
                {
                    // Refused with what was expected and found: the only other outcome allowed.
                }
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void TryRead_XenFramesMutatedAndSplit_SameFramesOrProtocolException()
    {
        var arb = (from payload in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b))
                   from type in Gen.Elements(PageFrameType.XenHello, PageFrameType.XenLayout, PageFrameType.XenRecords, PageFrameType.Batch, PageFrameType.Verify)
                   from split in Gen.Choose(0, 1000)
                   from at in Gen.Choose(0, 1000)
                   from value in Gen.Choose(0, 255)
                   select (payload, type, split, at, value)).ToArbitrary();
        Prop.ForAll(arb, c =>
        {
            var writer = new ArrayBufferWriter<byte>();
            PageFrameCodec.Write(writer, c.type, 77, c.payload);
            var bytes = writer.WrittenSpan.ToArray();

            var whole = new ReadOnlySequence<byte>(bytes);
            Assert.True(XenFrameReader.TryRead(ref whole, 0, out var frame), "a whole frame must be read");
            Assert.Equal(0, whole.Length);
            using (frame)
            {
                Assert.Equal(c.type, frame!.Type);
                Assert.Equal(77UL, frame.Correlation);
                Assert.Equal(c.payload, frame.Payload.ToArray());
            }

            var prefix = new ReadOnlySequence<byte>(bytes, 0, c.split % bytes.Length);
            Assert.False(XenFrameReader.TryRead(ref prefix, 0, out _), "a prefix is incomplete, never a frame");

            bytes[c.at % bytes.Length] = (byte)c.value;
            var mutated = new ReadOnlySequence<byte>(bytes);
            try
            {
                if (XenFrameReader.TryRead(ref mutated, 0, out var m))
                {
                    m!.Dispose();
                }
            }
            catch (PageProtocolException e)
            {
                Assert.InRange(e.Offset, 0, 15);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Move_RandomImagesAndStoreSubsets_OutputIsTheSameImage()
    {
        using var h = new XenMoveHarness();
        var arb = (from variant in Gen.Elements(s_variants)
                   from batches in s_batches
                   from storeKind in Gen.Elements("none", "subset", "other")
                   from keep in Gen.Choose(0, 100)
                   select (variant, batches, storeKind, keep)).ToArbitrary();
        int run = 0;
        Prop.ForAll(arb, c =>
        {
            string name = $"p{run++}";
            var bytes = Build(c.variant, c.batches);
            string image = h.Write(name + ".img", bytes);
            string? store = null;
            if (c.storeKind != "none")
            {
                // A random subset of this guest's entries (or of unrelated pages) as another save, stored like a pre-deploy.
                var entries = c.batches.SelectMany(b => b).Where((_, i) => (i * 37 % 100) < c.keep)
                    .Select(e => c.storeKind == "other" ? e with { Seed = e.Seed + 50 } : e).ToArray();
                entries = entries.Length > 0 ? entries : [new XenEntry(0, 0, 1)];
                string storeImage = h.Write(name + ".store-src", XenMoveHarness.Xl([entries.Take(1024).ToArray()]));
                store = h.Store(name + ".store", storeImage);
            }

            string output = h.Path(name + ".out");
            var (report, result) = XenMoveHarness.MoveAsync(image, output, store).GetAwaiter().GetResult();
            Assert.True(result.Written, result.Reason);
            Assert.Equal(report.Slots, report.PagesSent + report.PagesReferenced + report.ZeroPages);
            Assert.Equal(report.PagesSent, result.PagesReceived);
            Assert.Equal(report.PagesReferenced, result.PagesFromStore);
            Assert.Equal(bytes, File.ReadAllBytes(output));
            XenMoveHarness.AssertSameGuestMemory(image, output);
            XenMoveHarness.AssertNoTemporaryFiles(output);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(30));
    }
}
