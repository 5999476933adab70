using System.Buffers.Binary;
using FtActors.Lab.Guests;
using FtActors.TestKit;

namespace FtActors.Migration.Tests;

/// <summary>
/// Real-guest migrations the spare cannot or must not take: its destination QEMU fails to start (before
/// the welcome, and alongside round 0 with <c>--ram-file</c>), its page store is corrupt (header, index,
/// page data), the peers' certificates do not match (either side refuses). After each: the source QEMU
/// runs the guest with correct sums, and a new migration commits with the destination's RAM
/// byte-identical to the source's at the switch.
/// </summary>
[Trait("Category", "Lab")]
public sealed class MigrationRefusalLabTests
{
    [SkippableLabFact]
    public async Task MigrateSend_DestinationQemuFailsToStart_SourceKeepsRunningAndRetrySucceeds()
    {
        await using var lab = await MigrationLab.StartReadmostlyAsync("mf", "1gbit", 32);

        // Without --ram-file QEMU starts before the welcome: refused before any page moves.
        var (failed, receiveOutput) = await lab.MigrateAsync(expectCommit: false, receiveExtra: ["--qemu-arg", "-no-such-option"]);
        Assert.Equal("aborted", failed.Outcome);
        Assert.Contains("no-such-option", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(0, failed.PagesSent + failed.PagesReferenced);
        Assert.Contains("aborted", receiveOutput, StringComparison.Ordinal);
        await lab.AssertSourceRunsCorrectlyAsync();

        // With --ram-file QEMU starts alongside round 0: its failure cancels the round and aborts at once.
        var destRam = lab.Files.Path("dst.ram");
        // The receiver names QEMU's error; the sender may only see that its second page connection found the
        // receiver gone (it was still opening it when the receiver gave up), so its reason is not asserted.
        (failed, receiveOutput) = await lab.MigrateAsync(expectCommit: false, receiveExtra: ["--qemu-arg", "-no-such-option", "--ram-file", destRam]);
        Assert.Equal("aborted", failed.Outcome);
        Assert.Contains("no-such-option", receiveOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(destRam), "the RAM file the receiver created for the failed QEMU must be removed");
        Assert.Null(GuestRegistry.Find(lab.Destination));
        await lab.AssertSourceRunsCorrectlyAsync();

        await lab.AssertNewMigrationCommitsAsync(receiveExtra: ["--ram-file", destRam]);
    }

    [SkippableLabFact]
    public async Task MigrateSend_CorruptStore_RefusedOnOpenOrAbortedAtFirstReferenceAndRetrySucceeds()
    {
        await using var lab = await MigrationLab.StartReadmostlyAsync("mr", "1gbit", 32);
        var good = lab.BuildStore();

        // A flipped byte in the manifest's header, and one in its index: the receiver's store fails its
        // checksums on open and the receiver refuses to serve (set-up error, exit 2) before it listens.
        var header = CopyStore(lab.Files, good, "hdr");
        FlipByte(Path.Combine(header, "manifest.fts"), 48);
        await AssertReceiverRefusesStoreAsync(lab, header, "header checksum");
        var index = CopyStore(lab.Files, good, "idx");
        var manifest = Path.Combine(index, "manifest.fts");
        var (indexOffset, indexLength) = IndexRegion(manifest);
        FlipByte(manifest, indexOffset + (indexLength / 2));
        await AssertReceiverRefusesStoreAsync(lab, index, "index checksum");

        // A sender started against the refused spare finds nobody listening and aborts.
        await using (var send = lab.StartSender())
        {
            Assert.Equal(1, await send.WaitAsync(LabSupport.Scale(60)));
            Assert.Equal("aborted", MigrationLab.Report(send).Outcome);
        }

        await lab.AssertSourceRunsCorrectlyAsync();

        // A flipped byte in every page slot: the manifest is intact, so the store opens and declares its
        // hashes, but a referenced page no longer hashes to its name. The receiver refuses it before
        // writing anything of that batch and aborts the session; the destination is discarded.
        var pages = CopyStore(lab.Files, good, "pages");
        var slots = FlipEveryPageSlot(Path.Combine(pages, "pages.ftp"));
        Assert.True(slots > 1000, $"the store should hold the guest's data pages; it has {slots} slots");
        var (failed, receiveOutput) = await lab.MigrateAsync(expectCommit: false, receiveExtra: ["--store", pages]);
        Assert.Equal("aborted", failed.Outcome);
        Assert.Equal(0, failed.Rounds);
        Assert.Contains("cannot be resolved", receiveOutput, StringComparison.Ordinal);
        Assert.Contains("corrupt store", receiveOutput, StringComparison.Ordinal);
        Assert.Null(GuestRegistry.Find(lab.Destination));
        await lab.AssertSourceRunsCorrectlyAsync();

        // A store built afresh from the running guest serves the retry.
        var report = await lab.AssertNewMigrationCommitsAsync(receiveExtra: ["--store", lab.BuildStore()]);
        Assert.True(report.PagesReferenced > 1000, $"the fresh store should stand in for most data pages; referenced {report.PagesReferenced}");
    }

    [SkippableLabFact]
    public async Task MigrateSend_PeerCertificateFromOtherCa_RefusedBeforeAnyPageAndRetryWithRightCertificatesSucceeds()
    {
        await using var lab = await MigrationLab.StartReadmostlyAsync("mt", "1gbit", 32);
        using var ca = TestCertificates.Ca("CN=ftactors-lab-ca");
        using var rogueCa = TestCertificates.Ca("CN=rogue-ca");
        using var spareCert = TestCertificates.Leaf("CN=spare-node", ca);
        using var sourceCert = TestCertificates.Leaf("CN=source-node", ca);
        using var rogueSource = TestCertificates.Leaf("CN=rogue-source", rogueCa);
        using var rogueSpare = TestCertificates.Leaf("CN=rogue-spare", rogueCa);
        var caPem = TestCertificates.WriteCa(ca, lab.Files.Path("ca.pem"));
        string[] Tls(System.Security.Cryptography.X509Certificates.X509Certificate2 node, string file) =>
            ["--tls-cert", TestCertificates.WriteNode(node, lab.Files.Path(file)), "--tls-ca", caPem];

        // The receiver does not accept the sender's certificate. With TLS 1.3 the sender has finished its
        // handshake before the receiver judges its certificate, so the sender sees only the connection
        // closing before the welcome; the receiver names the refused certificate.
        var (failed, receiveOutput) = await lab.MigrateAsync(expectCommit: false, sendExtra: Tls(rogueSource, "rogue-source.pfx"), receiveExtra: Tls(spareCert, "spare.pfx"));
        AssertRefusedBeforeAnyPage(failed);
        Assert.Contains("CN=rogue-source", receiveOutput, StringComparison.Ordinal);
        Assert.Contains("the sender at ", receiveOutput, StringComparison.Ordinal);
        Assert.Null(GuestRegistry.Find(lab.Destination));
        await lab.AssertSourceRunsCorrectlyAsync();

        // The sender does not accept the receiver's certificate.
        (failed, receiveOutput) = await lab.MigrateAsync(expectCommit: false, sendExtra: Tls(sourceCert, "source.pfx"), receiveExtra: Tls(rogueSpare, "rogue-spare.pfx"));
        AssertRefusedBeforeAnyPage(failed);
        Assert.Contains("TLS", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("CN=rogue-spare", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("sent no session hello", receiveOutput, StringComparison.Ordinal);
        Assert.Null(GuestRegistry.Find(lab.Destination));
        await lab.AssertSourceRunsCorrectlyAsync();

        await lab.AssertNewMigrationCommitsAsync(sendExtra: Tls(sourceCert, "source.pfx"), receiveExtra: Tls(spareCert, "spare.pfx"));
    }

    private static void AssertRefusedBeforeAnyPage(Session.MigrationReport report)
    {
        Assert.Equal("aborted", report.Outcome);
        Assert.Equal(0, report.Rounds);
        Assert.Equal(0, report.PagesSent + report.PagesReferenced);
        Assert.Equal(0, report.BytesRead);
    }

    private static async Task AssertReceiverRefusesStoreAsync(MigrationLab lab, string store, string what)
    {
        await using var receive = LabSupport.Cli(lab.Topology.Node(2).Namespace, "migrate", "receive", "--listen", lab.ReceiveAddress, "--name", lab.Destination, "--store", store);
        Assert.Equal(2, await receive.WaitAsync(LabSupport.Scale(60)));
        Assert.DoesNotContain("[receive] ready", receive.Stderr, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(store, "manifest.fts"), receive.Stderr, StringComparison.Ordinal);
        Assert.Contains(what, receive.Stderr, StringComparison.Ordinal);
        Assert.Contains("at offset", receive.Stderr, StringComparison.Ordinal);
    }

    private static string CopyStore(TestFiles files, string store, string name)
    {
        var copy = files.Path(LabSupport.Unique(name + "-"));
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(store))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        return copy;
    }

    /// <summary>The index's offset and length from the manifest header (docs/format.md: u64 at 72 and 80).</summary>
    private static (long Offset, long Length) IndexRegion(string manifest)
    {
        var header = new byte[128];
        using (var f = File.OpenRead(manifest))
        {
            f.ReadExactly(header);
        }

        return (BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(72)), BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(80)));
    }

    private static void FlipByte(string file, long offset)
    {
        using var f = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        FlipByte(f, offset);
    }

    private static void FlipByte(FileStream f, long offset)
    {
        f.Position = offset;
        var b = f.ReadByte();
        f.Position = offset;
        f.WriteByte((byte)(b ^ 0xFF));
    }

    /// <summary>Flips one byte in every 4 KiB page slot after the 4 KiB header of pages.ftp; returns the slot count.</summary>
    private static long FlipEveryPageSlot(string pagesFile)
    {
        using var f = new FileStream(pagesFile, FileMode.Open, FileAccess.ReadWrite);
        var slots = (f.Length - 4096) / 4096;
        for (long s = 0; s < slots; s++)
        {
            FlipByte(f, 4096 + (s * 4096) + 100);
        }

        return slots;
    }
}
