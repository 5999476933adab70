using FtActors.Lab.Guests;
using FtActors.Qemu.Qmp;
using FtActors.Migration.Session;

namespace FtActors.Migration.Tests;

/// <summary>
/// End-to-end migrations of real QEMU guests between two namespace nodes over a tbf-shaped link, both
/// ends run as <c>ftactors migrate send/receive</c> processes. Correct means: the destination's RAM file
/// equals the source's byte for byte at the switch (the source stays paused after its final round with
/// <c>--keep-source</c>, the destination is left paused), and the workload then continues at the
/// destination with the sums the host's ftw computes. The fault tests are in
/// <see cref="MigrationNodeFaultLabTests"/> and <see cref="MigrationRefusalLabTests"/> (separate classes,
/// so xunit runs the three in parallel).
/// </summary>
[Trait("Category", "Lab")]
public sealed class MigrationLabTests
{
    [SkippableLabTheory]
    [InlineData("readmostly", 64, "fresh")]
    [InlineData("readmostly", 64, "stale")]
    [InlineData("readmostly", 64, "none")]
    [InlineData("stencil", 32, "fresh")]
    [InlineData("stencil", 32, "stale")]
    [InlineData("stencil", 32, "none")]
    [InlineData("idle", 0, "fresh")]
    [InlineData("idle", 0, "stale")]
    [InlineData("idle", 0, "none")]
    public async Task MigrateSend_WorkloadAndStore_DestinationRamEqualsSourceAndSumsContinue(string workload, int mb, string store)
    {
        await using var lab = await MigrationLab.StartAsync("mg", "1gbit", workload, mb, iteration: 1);
        // stale: built now, used after the guest has rewritten its data several times.
        var storeDir = store == "stale" ? lab.BuildStore() : null;
        await lab.Source.WaitForIterationAsync(3, LabSupport.Scale(120));
        if (store == "fresh")
        {
            storeDir = lab.BuildStore();
        }

        string[] receiveExtra = storeDir is null ? [] : ["--store", storeDir];
        // readmostly: the receiver is given the RAM file's path, so it starts QEMU while round 0 runs;
        // idle: one page connection (the others use the default, two).
        var report = workload == "readmostly"
            ? await lab.AssertNewMigrationCommitsAsync(receiveExtra: [.. receiveExtra, "--ram-file", lab.Files.Path("dst.ram")])
            : await lab.AssertNewMigrationCommitsAsync(sendExtra: workload == "idle" ? ["--connections", "1"] : [], receiveExtra: receiveExtra);
        Assert.Equal(workload == "idle" ? 1 : MigrationOptions.DefaultConnections, report.Connections);
        if (store is "fresh" or "stale")
        {
            // Stale too: the kernel, the initramfs and (readmostly) the matrix have not changed since it was built.
            Assert.True(report.PagesReferenced > 1000, $"a {store} store should stand in for the unchanged data pages; referenced {report.PagesReferenced}");
        }

        if (store == "none")
        {
            Assert.Equal(0, report.PagesReferenced);
        }

        var lastOnSource = lab.Source.Serial.LatestProgress()!.Iteration;
        var destState = GuestRegistry.Find(lab.Destination)!;
        await using var qmp = await QmpClient.ConnectAsync(destState.QmpSocket, LabSupport.Scale(10));
        Assert.Equal("paused", (await qmp.QueryStatusAsync()).Status);
        await qmp.ContAsync();
        var serial = new SerialLog(destState.SerialLog);
        await serial.WaitForIterationAsync(lastOnSource + 2, LabSupport.Scale(120));
        Assert.True(await LabSupport.AssertSumsAsync(lab.Spec, serial.ReadProgress()) >= 2);
    }
}
