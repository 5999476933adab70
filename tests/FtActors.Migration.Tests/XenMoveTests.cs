using FtActors.Migration.Xen;
using FtActors.Remoting;
using FtActors.TestKit;

namespace FtActors.Migration.Tests;

/// <summary>Xen save images moved over real loopback sockets: what travels, and what the spare ends up with.</summary>
public sealed class XenMoveTests : IDisposable
{
    private readonly XenMoveHarness _h = new();

    // 2000 pages over two PAGE_DATA records: 1900 random, 60 zero, 40 XTAB entries (no data, not slots).
    private static XenEntry[][] Guest(int rewrittenFrom = -1, int rewritten = 0)
    {
        var entries = Enumerable.Range(0, 2000).Select(i =>
        {
            int type = i % 50 == 7 ? 0xF : 0;
            int seed = i % 50 == 3 ? XenImages.ZeroSeed : 1000 + i;
            if (i >= rewrittenFrom && i < rewrittenFrom + rewritten && seed != XenImages.ZeroSeed)
            {
                seed += 100_000;
            }

            return new XenEntry((ulong)i, type, seed);
        }).ToArray();
        return [entries[..1024], entries[1024..]];
    }

    private static int NonZeroSlots(XenEntry[][] guest) => guest.Sum(b => b.Count(e => e.Type < 13 && e.Seed != XenImages.ZeroSeed));

    [Fact]
    public async Task Move_FreshStore_ReferencesEveryNonZeroPageAndWritesAnIdenticalImage()
    {
        var guest = Guest();
        string image = _h.Write("guest.xl", XenMoveHarness.Xl(guest));
        string store = _h.Store("store", image);
        string output = _h.Path("spare.xl");

        var (report, result) = await XenMoveHarness.MoveAsync(image, output, store);

        Assert.Equal("written", report.Outcome);
        Assert.True(result.Written, result.Reason);
        Assert.Equal(1960, report.Slots);
        Assert.Equal(NonZeroSlots(guest), report.PagesReferenced);
        Assert.Equal(0, report.PagesSent);
        Assert.Equal(40, report.ZeroPages);
        Assert.Equal(report.PagesReferenced, result.PagesFromStore);
        Assert.True(report.BytesOnWire < new FileInfo(image).Length / 50, $"{report.BytesOnWire} bytes on the wire for a {new FileInfo(image).Length}-byte image");
        Assert.Equal(File.ReadAllBytes(image), File.ReadAllBytes(output));
        XenMoveHarness.AssertSameGuestMemory(image, output);
        XenMoveHarness.AssertNoTemporaryFiles(output);
    }

    [Fact]
    public async Task Move_StaleStore_SendsRewrittenPagesInFull()
    {
        string old = _h.Write("old.xl", XenMoveHarness.Xl(Guest()));
        var guest = Guest(rewrittenFrom: 500, rewritten: 300);
        string image = _h.Write("guest.xl", XenMoveHarness.Xl(guest));
        string store = _h.Store("store", old);
        string output = _h.Path("spare.xl");

        var (report, result) = await XenMoveHarness.MoveAsync(image, output, store);

        Assert.True(result.Written, result.Reason);
        int rewrittenSlots = guest.SelectMany(b => b).Count(e => e.Seed >= 100_000 && e.Type < 13);
        Assert.Equal(rewrittenSlots, report.PagesSent);
        Assert.Equal(NonZeroSlots(guest) - rewrittenSlots, report.PagesReferenced);
        Assert.Equal(rewrittenSlots, result.PagesReceived);
        Assert.Equal(File.ReadAllBytes(image), File.ReadAllBytes(output));
        XenMoveHarness.AssertSameGuestMemory(image, output);
    }

    [Fact]
    public async Task Move_NoStore_SendsEveryNonZeroPage()
    {
        var guest = Guest();
        string image = _h.Write("guest.xl", XenMoveHarness.Xl(guest));
        string output = _h.Path("spare.xl");

        var (report, result) = await XenMoveHarness.MoveAsync(image, output, store: null);

        Assert.True(result.Written, result.Reason);
        Assert.Equal(NonZeroSlots(guest), report.PagesSent);
        Assert.Equal(0, report.PagesReferenced);
        Assert.Equal(0, report.StoreHeld);
        Assert.True(report.BytesOnWire > (long)report.PagesSent * 4096);
        Assert.Equal(File.ReadAllBytes(image), File.ReadAllBytes(output));
    }

    [Fact]
    public async Task Move_PageTablePagesWithFreshStore_ReferencedAsSavedAndRestoredExactly()
    {
        // L1-L4 and their pinned forms: the saver wrote them pfn-based, the store keeps them so, so they match.
        var tables = new[] { 1, 2, 3, 4, 9, 10, 11, 12 }.Select((t, i) => new XenEntry(100 + (ulong)i, t, 50 + i)).ToArray();
        var guest = new[] { XenMoveHarness.Batch(0, 100, 0, 1), tables };
        string image = _h.Write("guest.xl", XenMoveHarness.Xl(guest));
        string store = _h.Store("store", image);
        string output = _h.Path("spare.xl");

        var (report, result) = await XenMoveHarness.MoveAsync(image, output, store);

        Assert.True(result.Written, result.Reason);
        Assert.Equal(8, report.PageTableSlots);
        Assert.Equal(108, report.PagesReferenced);
        Assert.Equal(File.ReadAllBytes(image), File.ReadAllBytes(output));
        XenMoveHarness.AssertSameGuestMemory(image, output);
    }

    [Fact]
    public async Task Move_CorruptStorePage_AbortsAndLeavesNothingAtTheSpare()
    {
        string image = _h.Write("guest.xl", XenMoveHarness.Xl(Guest()));
        string store = _h.Store("store", image);
        using (var pages = new FileStream(Path.Combine(store, "pages.ftp"), FileMode.Open, FileAccess.ReadWrite))
        {
            // One flipped byte in the last page slot: the index still names its hash, the bytes no longer match.
            pages.Position = pages.Length - 100;
            int b = pages.ReadByte();
            pages.Position = pages.Length - 100;
            pages.WriteByte((byte)(b ^ 0x5a));
        }

        string output = _h.Path("spare.xl");
        var (report, result) = await XenMoveHarness.MoveAsync(image, output, store);

        Assert.Equal("aborted", report.Outcome);
        Assert.False(result.Written);
        Assert.Contains("cannot be resolved", result.Reason, StringComparison.Ordinal);
        Assert.Contains("cannot be resolved", report.Reason, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        XenMoveHarness.AssertNoTemporaryFiles(output);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(70)]
    [InlineData(-4096 * 300)]
    [InlineData(-3)]
    public async Task Move_TruncatedImage_AbortsWithTheOffsetAndWritesNothing(int cut)
    {
        var bytes = XenMoveHarness.Xl(Guest());
        int length = cut > 0 ? cut : bytes.Length + cut;
        string image = _h.Write("cut.xl", bytes[..length]);
        string output = _h.Path("spare.xl");

        var (report, result) = await XenMoveHarness.MoveAsync(image, output, store: null);

        Assert.Equal("aborted", report.Outcome);
        Assert.Contains("offset", report.Reason, StringComparison.Ordinal);
        Assert.Contains("expected", report.Reason, StringComparison.Ordinal);
        Assert.False(result.Written);
        Assert.Contains(report.Reason!, result.Reason, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        XenMoveHarness.AssertNoTemporaryFiles(output);
    }

    [Theory]
    [InlineData("unknown-flag", "mandatory flags")]
    [InlineData("not-xen", "a Xen save image")]
    public async Task Move_MalformedImage_AbortsNamingWhatWasExpected(string kind, string named)
    {
        byte[] bytes = kind == "unknown-flag"
            ? XenImages.Xl(XenImages.Libxl(XenImages.Libxc(Guest())), mandatoryFlags: 7)
            : XenImages.Page(5).Concat(XenImages.Page(6)).ToArray(); // detected as a raw dump
        string image = _h.Write(kind, bytes);
        string output = _h.Path("spare.xl");

        var (report, result) = await XenMoveHarness.MoveAsync(image, output, store: null);

        Assert.Equal("aborted", report.Outcome);
        Assert.Contains(named, report.Reason, StringComparison.Ordinal);
        Assert.False(result.Written);
        Assert.False(File.Exists(output));
        XenMoveHarness.AssertNoTemporaryFiles(output);
    }

    [Theory]
    [InlineData("xl-be")]
    [InlineData("libxl")]
    [InlineData("libxc-verify")]
    [InlineData("hvm")]
    [InlineData("xl-legacy")]
    [InlineData("legacy32")]
    [InlineData("legacy64-ext-verify")]
    [InlineData("duplicate-pfn")]
    public async Task Move_EveryReaderVariant_ByteIdenticalWithAndWithoutStore(string variant)
    {
        var a = XenMoveHarness.Batch(0, 40, 0, 7);
        var b = new[] { new XenEntry(40, 1, 99), new XenEntry(41, 0xF, 0), new XenEntry(42, 9, 98), new XenEntry(43, 0, XenImages.ZeroSeed) };
        byte[] bytes = variant switch
        {
            "xl-be" => XenImages.Xl(XenImages.Libxl(XenImages.Libxc([a, b], bigEndian: true), bigEndian: true), bigEndian: true),
            "libxl" => XenImages.Libxl(XenImages.Libxc([a, b])),
            "libxc-verify" => XenImages.Libxc([a, b], version: 2, verifyBatch: [new XenEntry(3, 0, 555)]),
            "hvm" => XenImages.Libxc([a], domainType: 2),
            "xl-legacy" => XenImages.Xl(XenImages.Legacy(8, 64, [a, b], xendHeader: false), mandatoryFlags: 1),
            "legacy32" => XenImages.Legacy(4, 64, [a, b]),
            "legacy64-ext-verify" => XenImages.Legacy(8, 64, [a, b], extInfo: true, verifyTail: true),
            _ => XenMoveHarness.Xl([a, [new XenEntry(5, 0, 4242)]]),
        };
        string image = _h.Write(variant, bytes);
        string store = _h.Store("store-" + variant, image);

        foreach (var (name, withStore) in new[] { ("none", (string?)null), ("fresh", store) })
        {
            string output = _h.Path($"{variant}-{name}.out");
            var (report, result) = await XenMoveHarness.MoveAsync(image, output, withStore);
            Assert.True(result.Written, $"{name}: {result.Reason}");
            Assert.Equal(report.Slots, report.PagesSent + report.PagesReferenced + report.ZeroPages);
            Assert.Equal(bytes, File.ReadAllBytes(output));
            XenMoveHarness.AssertSameGuestMemory(image, output);
        }
    }

    [Fact]
    public async Task Move_MutualTls_WrittenAndIdentical()
    {
        using var ca = TestCertificates.Ca("CN=ftactors-ca");
        using var spare = TestCertificates.Leaf("CN=spare", ca);
        using var source = TestCertificates.Leaf("CN=source", ca);
        string image = _h.Write("guest.xl", XenMoveHarness.Xl(Guest()));
        string store = _h.Store("store", image);
        string output = _h.Path("spare.xl");

        var (report, result) = await XenMoveHarness.MoveAsync(
            image, output, store, new TlsOptions { Certificate = spare, TrustedRoots = [ca] }, new TlsOptions { Certificate = source, TrustedRoots = [ca] });

        Assert.True(result.Written, result.Reason);
        Assert.Equal("written", report.Outcome);
        Assert.Equal(File.ReadAllBytes(image), File.ReadAllBytes(output));
    }

    [Fact]
    public async Task Move_SenderCertificateFromRogueCa_RefusedAndNothingWritten()
    {
        using var ca = TestCertificates.Ca("CN=ftactors-ca");
        using var rogueCa = TestCertificates.Ca("CN=rogue-ca");
        using var spare = TestCertificates.Leaf("CN=spare", ca);
        using var rogue = TestCertificates.Leaf("CN=rogue-node", rogueCa);
        string image = _h.Write("guest.xl", XenMoveHarness.Xl(Guest()));
        string output = _h.Path("spare.xl");

        Task<(XenMoveReport, XenReceiveResult)> move = XenMoveHarness.MoveAsync(
            image, output, null, new TlsOptions { Certificate = spare, TrustedRoots = [ca] }, new TlsOptions { Certificate = rogue, TrustedRoots = [ca] });

        // TLS 1.3: the sender may finish its handshake before the receiver judges its certificate, so it fails
        // either connecting or at the first reply; the receiver names the refused certificate.
        try
        {
            var (report, result) = await move;
            Assert.Equal("aborted", report.Outcome);
            Assert.False(result.Written);
            Assert.Contains("rogue-node", result.Reason, StringComparison.Ordinal);
        }
        catch (MigrationException e)
        {
            Assert.Contains("TLS", e.Message, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(output));
        XenMoveHarness.AssertNoTemporaryFiles(output);
    }

    public void Dispose() => _h.Dispose();
}
