using FtActors.Lab.Guests;
using Xunit.Abstractions;

namespace FtActors.Migration.Tests;

/// <summary>
/// Real-guest migrations that lose a party or the link part-way: the spare node dies (receiver and
/// destination QEMU killed together) in round 0 and after the source was paused for the final round, the
/// receiver's runtime alone dies, the source's runtime dies (its guest runs on under QEMU), the link is
/// cut. After each: the source QEMU runs the guest, the sums it computes are right, and a new migration
/// commits with the destination's RAM byte-identical to the source's at the switch.
/// </summary>
[Trait("Category", "Lab")]
public sealed class MigrationNodeFaultLabTests(ITestOutputHelper output)
{
    [SkippableLabFact]
    public async Task MigrateSend_SpareNodeDiesInRound0AndInFinalRound_SourceKeepsRunningAndRetrySucceeds()
    {
        // 100 Mbit/s and no store: round 0 of a 64 MiB matrix takes seconds, so the first kill lands inside it.
        await using var lab = await MigrationLab.StartReadmostlyAsync("mn", "100mbit", 64);

        await using (var receive = await lab.StartReceiverAsync())
        {
            await using var send = lab.StartSender();
            await receive.WaitForStderrAsync("waits for device state", LabSupport.Scale(60));
            await send.WaitForStderrAsync("receiver ready", LabSupport.Scale(60));
            Assert.True(await lab.KillSpareAsync() >= 2, "the receiver and the destination QEMU run in the spare's namespace");
            Assert.Equal(1, await send.WaitAsync(LabSupport.Scale(120)));
            var report = MigrationLab.Report(send);
            Assert.Equal("aborted", report.Outcome);
            Assert.Equal(0, report.Rounds);
            Assert.Contains("aborting in Round(0)", send.Stderr, StringComparison.Ordinal);
        }

        // The dead node's QEMU is gone; its registry entry is stale and is dropped on lookup.
        Assert.Null(GuestRegistry.Find(lab.Destination));
        await lab.AssertSourceRunsCorrectlyAsync();

        // Second point: the node dies once the sender has paused the source for its final round. The kill
        // follows the sender's "stop and copy" line within about 50 ms; the paused round, the digest check
        // of 256 MiB on both ends and the device state take far longer, so it lands before the commit.
        await using (var receive = await lab.StartReceiverAsync())
        {
            await using var send = lab.StartSender();
            await send.WaitForStderrAsync("stop and copy:", LabSupport.Scale(180));
            Assert.True(await lab.KillSpareAsync() >= 2, "the receiver and the destination QEMU run in the spare's namespace");
            Assert.Equal(1, await send.WaitAsync(LabSupport.Scale(120)));
            Assert.Equal("aborted", MigrationLab.Report(send).Outcome);
            Assert.Matches("aborting in (StopAndCopy|DeviceState|Committing)", send.Stderr);
            // Which state the kill hit depends on timing; the test log says which one it was.
            output.WriteLine(System.Text.RegularExpressions.Regex.Match(send.Stderr, "aborting in [A-Za-z]+: [^\n]*").Value);
        }

        Assert.Null(GuestRegistry.Find(lab.Destination));
        await lab.AssertSourceRunsCorrectlyAsync();
        await lab.AssertNewMigrationCommitsAsync();
    }

    [SkippableLabFact]
    public async Task MigrateSend_ReceiverKilledMidRound_SourceKeepsRunningAndRetrySucceeds()
    {
        // Only the receiver's runtime dies; the destination QEMU it started stays behind.
        await using var lab = await MigrationLab.StartReadmostlyAsync("mk", "100mbit", 64);
        await using (var receive = await lab.StartReceiverAsync())
        {
            await using var send = lab.StartSender("--ack-timeout-s", "20");
            await receive.WaitForStderrAsync("waits for device state", LabSupport.Scale(60));
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            receive.Kill();
            Assert.Equal(1, await send.WaitAsync(LabSupport.Scale(120)));
            var report = MigrationLab.Report(send);
            Assert.Equal("aborted", report.Outcome);
            Assert.Equal(0, report.Rounds);
        }

        // The killed receiver left its destination QEMU behind; an operator (here the test) removes it.
        Assert.True(await lab.StopDestinationAsync(), "the killed receiver's destination QEMU runs on");
        await lab.AssertSourceRunsCorrectlyAsync();
        await lab.AssertNewMigrationCommitsAsync();
    }

    [SkippableLabFact]
    public async Task MigrateSend_SourceRuntimeKilledMidRound_GuestKeepsRunningReceiverDiscardsAndRetrySucceeds()
    {
        // The sender process dies in round 0 (100 Mbit/s, no store: seconds of pages). The guest itself runs on
        // under QEMU; the receiver hears nothing for its idle timeout and discards the destination.
        await using var lab = await MigrationLab.StartReadmostlyAsync("ms", "100mbit", 64);
        var destRam = lab.Files.Path("dst.ram");
        await using (var receive = await lab.StartReceiverAsync("--ram-file", destRam, "--idle-timeout-s", "8"))
        {
            await using var send = lab.StartSender();
            await send.WaitForStderrAsync("receiver ready", LabSupport.Scale(60));
            await Task.Delay(TimeSpan.FromSeconds(1));
            send.Kill();
            Assert.Equal(1, await receive.WaitAsync(LabSupport.Scale(120)));
            Assert.Contains("aborted", receive.Stderr, StringComparison.Ordinal);
        }

        Assert.Null(GuestRegistry.Find(lab.Destination));
        Assert.False(File.Exists(destRam), "the discarded destination's RAM file must be removed");
        await lab.AssertSourceRunsCorrectlyAsync();
        await lab.AssertNewMigrationCommitsAsync();
    }

    [SkippableLabFact]
    public async Task MigrateSend_LinkCutMidRound_BothEndsAbortAndRetryAfterRepairSucceeds()
    {
        await using var lab = await MigrationLab.StartReadmostlyAsync("mc", "100mbit", 64);
        await using (var receive = await lab.StartReceiverAsync("--idle-timeout-s", "10"))
        {
            await using var send = lab.StartSender("--ack-timeout-s", "10");
            await receive.WaitForStderrAsync("waits for device state", LabSupport.Scale(60));
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            var cut = await lab.Topology.RunAsync(2, "ip", ["link", "set", "eth0", "down"], LabSupport.Scale(10));
            Assert.True(cut.Succeeded, cut.StandardError);

            // Nothing arrives either way: the sender notices by its ack/write timeout, the receiver by its idle timeout.
            Assert.Equal(1, await send.WaitAsync(LabSupport.Scale(120)));
            var report = MigrationLab.Report(send);
            Assert.Equal("aborted", report.Outcome);
            Assert.Contains("link cut or receiver stalled", report.Reason, StringComparison.Ordinal);
            Assert.Equal(1, await receive.WaitAsync(LabSupport.Scale(120)));
            Assert.Contains("aborted", receive.Stderr, StringComparison.Ordinal);
        }

        Assert.Null(GuestRegistry.Find(lab.Destination));
        await lab.AssertSourceRunsCorrectlyAsync();
        var repair = await lab.Topology.RunAsync(2, "ip", ["link", "set", "eth0", "up"], LabSupport.Scale(10));
        Assert.True(repair.Succeeded, repair.StandardError);
        await lab.AssertNewMigrationCommitsAsync();
    }
}
