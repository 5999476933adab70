using System.Text.Json;
using FtActors.Lab.Guests;
using FtActors.Lab.Qmp;
using FtActors.Lab.Topologies;
using FtActors.Migration.Session;
using FtActors.Store;
using FtActors.TestKit;

namespace FtActors.Migration.Tests;

/// <summary>
/// End-to-end migrations of real QEMU guests between two namespace nodes over a tbf-shaped link, both
/// ends run as <c>ftactors migrate send/receive</c> processes. Correct means: the destination's RAM file
/// equals the source's byte for byte at the switch (the source stays paused after its final round with
/// <c>--keep-source</c>, the destination is left paused), and the workload then continues at the destination with the sums the host's ftw computes.
/// </summary>
[Trait("Category", "Lab")]
public sealed class MigrationLabTests
{
    private const int Port = 7700;

    [SkippableLabTheory]
    [InlineData("readmostly", 64, "fresh")]
    [InlineData("stencil", 32, "stale")]
    [InlineData("idle", 0, "none")]
    public async Task MigrateSend_WorkloadAndStore_DestinationRamEqualsSourceAndSumsContinue(string workload, int mb, string store)
    {
        await using var topo = await Topology.CreateAsync(LabSupport.Unique("mg", 5), 2, LinkRate.Parse("1gbit"));
        var spec = new GuestSpec(LabSupport.Unique("src-")) { MemoryMiB = 256, Workload = workload, Mb = mb, NetworkNamespace = topo.Node(1).Namespace };
        using var files = new TestFiles();
        var source = await StartSourceAsync(spec);
        await source.WaitForIterationAsync(1, LabSupport.Scale(120));
        string? storeDir = null;
        if (store == "stale")
        {
            // Built now, used after the guest has rewritten its data several times.
            storeDir = BuildStore(files, source.RamPath!);
        }

        await source.WaitForIterationAsync(3, LabSupport.Scale(120));
        if (store == "fresh")
        {
            storeDir = BuildStore(files, source.RamPath!);
        }

        var dest = LabSupport.Unique("dst-");
        try
        {
            // readmostly: the receiver is given the RAM file's path, so it starts QEMU while round 0 runs;
            // idle: one page connection (the others use the default, two).
            var (report, _) = workload == "readmostly"
                ? await MigrateAsync(topo, source, spec, dest, storeDir, expectCommit: true, "--ram-file", files.Path("dst.ram"))
                : await MigrateAsync(topo, source, spec, dest, storeDir, expectCommit: true, sendExtra: workload == "idle" ? ["--connections", "1"] : []);
            Assert.Equal(workload == "idle" ? 1 : MigrationOptions.DefaultConnections, report.Connections);
            Assert.Equal("committed", report.Outcome);
            Assert.True(report.DigestsMatched, "whole-RAM digests after the final round");
            if (store == "fresh")
            {
                Assert.True(report.PagesReferenced > 1000, $"a fresh store should stand in for most data pages; referenced {report.PagesReferenced}");
            }

            if (store == "none")
            {
                Assert.Equal(0, report.PagesReferenced);
            }

            var lastOnSource = source.Serial.LatestProgress()!.Iteration;
            var destState = GuestRegistry.Find(dest)!;
            Assert.Null(LabSupport.FirstDifference(source.RamPath!, destState.RamFile!));

            await using var qmp = await QmpClient.ConnectAsync(destState.QmpSocket, LabSupport.Scale(10));
            Assert.Equal("paused", (await qmp.QueryStatusAsync()).Status);
            await qmp.ContAsync();
            var serial = new SerialLog(destState.SerialLog);
            await serial.WaitForIterationAsync(lastOnSource + 2, LabSupport.Scale(120));
            Assert.True(await LabSupport.AssertSumsAsync(spec, serial.ReadProgress()) >= 2);
        }
        finally
        {
            await StopAsync(dest, spec.Name);
        }
    }

    [SkippableLabFact]
    public async Task MigrateSend_DestinationQemuFailsToStart_SourceKeepsRunningAndRetrySucceeds()
    {
        await using var topo = await Topology.CreateAsync(LabSupport.Unique("mf", 5), 2, LinkRate.Parse("1gbit"));
        var (spec, source) = await StartComputingReadmostlyAsync(topo, 32);
        var dest = LabSupport.Unique("dst-");
        try
        {
            var (failed, receiveErr) = await MigrateAsync(topo, source, spec, dest, null, expectCommit: false, "--qemu-arg", "-no-such-option");
            Assert.Equal("aborted", failed.Outcome);
            Assert.Contains("no-such-option", failed.Reason, StringComparison.Ordinal);
            Assert.Contains("aborted", receiveErr, StringComparison.Ordinal);
            await AssertSourceRunsCorrectlyAsync(source, spec);

            var (ok, _) = await MigrateAsync(topo, source, spec, dest, null, expectCommit: true);
            Assert.Equal("committed", ok.Outcome);
        }
        finally
        {
            await StopAsync(dest, spec.Name);
        }
    }

    [SkippableLabFact]
    public async Task MigrateSend_ReceiverKilledMidRound_SourceKeepsRunningAndRetrySucceeds()
    {
        // 100 Mbit/s so round 0 of a 64 MiB matrix lasts seconds: the kill lands inside it.
        await using var topo = await Topology.CreateAsync(LabSupport.Unique("mk", 5), 2, LinkRate.Parse("100mbit"));
        var (spec, source) = await StartComputingReadmostlyAsync(topo, 64);
        var address = ReceiveAddress(topo);
        var dest = LabSupport.Unique("dst-");
        try
        {
            await using (var receive = LabSupport.Cli(topo.Node(2).Namespace, "migrate", "receive", "--listen", address, "--name", dest))
            {
                await receive.WaitForStderrAsync("[receive] ready", LabSupport.Scale(60));
                await using var send = LabSupport.Cli(topo.Node(1).Namespace, SendArgs(source, spec, address, "--ack-timeout-s", "20"));
                await receive.WaitForStderrAsync("waits for device state", LabSupport.Scale(60));
                await Task.Delay(TimeSpan.FromSeconds(1.5));
                receive.Kill();
                Assert.Equal(1, await send.WaitAsync(LabSupport.Scale(120)));
                var report = Report(send);
                Assert.Equal("aborted", report.Outcome);
                Assert.Equal(0, report.Rounds);
            }

            // The killed receiver left its destination QEMU behind; an operator (here the test) removes it.
            await GuestRegistry.StopAsync(dest, TimeSpan.FromSeconds(5));
            await AssertSourceRunsCorrectlyAsync(source, spec);
            var (ok, _) = await MigrateAsync(topo, source, spec, dest, null, expectCommit: true);
            Assert.Equal("committed", ok.Outcome);
        }
        finally
        {
            await StopAsync(dest, spec.Name);
        }
    }

    [SkippableLabFact]
    public async Task MigrateSend_SourceRuntimeKilledMidRound_GuestKeepsRunningReceiverDiscardsAndRetrySucceeds()
    {
        // The sender process dies in round 0 (100 Mbit/s, no store: seconds of pages). The guest itself runs on
        // under QEMU; the receiver hears nothing for its idle timeout and discards the destination.
        await using var topo = await Topology.CreateAsync(LabSupport.Unique("ms", 5), 2, LinkRate.Parse("100mbit"));
        var (spec, source) = await StartComputingReadmostlyAsync(topo, 64);
        var address = ReceiveAddress(topo);
        var dest = LabSupport.Unique("dst-");
        using var files = new TestFiles();
        var destRam = files.Path("dst.ram");
        try
        {
            await using (var receive = LabSupport.Cli(topo.Node(2).Namespace, "migrate", "receive", "--listen", address, "--name", dest, "--ram-file", destRam, "--idle-timeout-s", "8"))
            {
                await receive.WaitForStderrAsync("[receive] ready", LabSupport.Scale(60));
                await using var send = LabSupport.Cli(topo.Node(1).Namespace, SendArgs(source, spec, address));
                await send.WaitForStderrAsync("receiver ready", LabSupport.Scale(60));
                await Task.Delay(TimeSpan.FromSeconds(1));
                send.Kill();
                Assert.Equal(1, await receive.WaitAsync(LabSupport.Scale(120)));
                Assert.Contains("aborted", receive.Stderr, StringComparison.Ordinal);
            }

            Assert.Null(GuestRegistry.Find(dest));
            Assert.False(File.Exists(destRam), "the discarded destination's RAM file must be removed");
            await AssertSourceRunsCorrectlyAsync(source, spec);
            var (ok, _) = await MigrateAsync(topo, source, spec, dest, null, expectCommit: true);
            Assert.Equal("committed", ok.Outcome);
            Assert.True(ok.DigestsMatched);
        }
        finally
        {
            await StopAsync(dest, spec.Name);
        }
    }

    [SkippableLabFact]
    public async Task MigrateSend_LinkCutMidRound_AbortsAndSourceKeepsRunning()
    {
        await using var topo = await Topology.CreateAsync(LabSupport.Unique("mc", 5), 2, LinkRate.Parse("100mbit"));
        var (spec, source) = await StartComputingReadmostlyAsync(topo, 64);
        var address = ReceiveAddress(topo);
        var dest = LabSupport.Unique("dst-");
        try
        {
            await using var receive = LabSupport.Cli(topo.Node(2).Namespace, "migrate", "receive", "--listen", address, "--name", dest);
            await receive.WaitForStderrAsync("[receive] ready", LabSupport.Scale(60));
            await using var send = LabSupport.Cli(topo.Node(1).Namespace, SendArgs(source, spec, address, "--ack-timeout-s", "10"));
            await receive.WaitForStderrAsync("waits for device state", LabSupport.Scale(60));
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            var cut = await topo.RunAsync(2, "ip", ["link", "set", "eth0", "down"], LabSupport.Scale(10));
            Assert.True(cut.Succeeded, cut.StandardError);
            Assert.Equal(1, await send.WaitAsync(LabSupport.Scale(120)));
            var report = Report(send);
            Assert.Equal("aborted", report.Outcome);
            Assert.Contains("link cut or receiver stalled", report.Reason, StringComparison.Ordinal);
            await AssertSourceRunsCorrectlyAsync(source, spec);
        }
        finally
        {
            await StopAsync(dest, spec.Name);
        }
    }

    private static string BuildStore(TestFiles files, string ramFile)
    {
        var dir = files.Path(LabSupport.Unique("store-"));
        using var w = PageStoreWriter.Create(dir);
        using var source = new RawFilePageSource(ramFile);
        w.AddScan("g", [source], new SelectionOptions(), DateTimeOffset.UtcNow);
        w.Commit();
        return dir;
    }

    private static async Task AssertSourceRunsCorrectlyAsync(QemuGuest source, GuestSpec spec)
    {
        await using (var qmp = await QmpClient.ConnectAsync(source.State.QmpSocket, LabSupport.Scale(10)))
        {
            Assert.True((await qmp.QueryStatusAsync()).Running, "the source must run the guest after an abort");
        }

        var last = source.Serial.LatestProgress()!.Iteration;
        await source.WaitForIterationAsync(last + 2, LabSupport.Scale(120));
        // Only the iterations after the abort: ftw expect recomputes from iteration 1, so checking a
        // long-running guest's whole log would cost minutes.
        Assert.True(await LabSupport.AssertSumsAsync(spec, source.Serial.ReadProgress().Where(l => l.Iteration > last)) >= 2);
    }

    /// <summary>
    /// Starts the source and lets go of its QMP socket: QEMU serves one QMP client at a time and the
    /// sender process needs it. The guest stays registered; <see cref="StopAsync"/> ends it.
    /// </summary>
    private static async Task<QemuGuest> StartSourceAsync(GuestSpec spec)
    {
        var guest = await QemuGuest.StartAsync(spec);
        await guest.DetachAsync();
        return guest;
    }

    /// <summary>
    /// The source of the fault tests: a 256 MiB readmostly guest on node 1 with <paramref name="mb"/> MiB
    /// of matrix, already computing (iteration 2 printed), its QMP socket released for the sender.
    /// </summary>
    private static async Task<(GuestSpec Spec, QemuGuest Source)> StartComputingReadmostlyAsync(Topology topo, int mb)
    {
        var spec = new GuestSpec(LabSupport.Unique("src-")) { MemoryMiB = 256, Workload = "readmostly", Mb = mb, NetworkNamespace = topo.Node(1).Namespace };
        var source = await StartSourceAsync(spec);
        await source.WaitForIterationAsync(2, LabSupport.Scale(120));
        return (spec, source);
    }

    /// <summary>Where the receiver listens: node 2 of the topology.</summary>
    private static string ReceiveAddress(Topology topo) => $"{topo.Node(2).Address}:{Port}";

    private static async Task StopAsync(params string[] guests)
    {
        foreach (var g in guests)
        {
            await GuestRegistry.StopAsync(g, TimeSpan.FromSeconds(5));
        }
    }

    private static string[] SendArgs(QemuGuest source, GuestSpec spec, string address, params string[] extra) =>
    [
        "migrate", "send", "--qmp", source.State.QmpSocket, "--ram-file", source.RamPath!, "--to", address, "--memory", spec.MemoryMiB.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--workload", spec.Workload, "--mb", spec.Mb.ToString(System.Globalization.CultureInfo.InvariantCulture), "--leave-destination-paused", "--keep-source", "--json", .. extra,
    ];

    private static MigrationReport Report(CliProcess send)
    {
        var line = send.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'));
        Assert.True(line is not null, $"no JSON report: stdout {send.Stdout} stderr {send.Stderr}");
        return JsonSerializer.Deserialize(line, MigrationJsonContext.Default.MigrationReport)!;
    }

    private static Task<(MigrationReport Report, string ReceiveStderr)> MigrateAsync(
        Topology topo, QemuGuest source, GuestSpec spec, string dest, string? storeDir, bool expectCommit, params string[] receiveExtra) =>
        MigrateAsync(topo, source, spec, dest, storeDir, expectCommit, [], receiveExtra);

    private static async Task<(MigrationReport Report, string ReceiveStderr)> MigrateAsync(
        Topology topo, QemuGuest source, GuestSpec spec, string dest, string? storeDir, bool expectCommit, string[] sendExtra, params string[] receiveExtra)
    {
        var address = ReceiveAddress(topo);
        string[] receiveArgs = ["migrate", "receive", "--listen", address, "--name", dest, .. storeDir is null ? Array.Empty<string>() : ["--store", storeDir], .. receiveExtra];
        await using var receive = LabSupport.Cli(topo.Node(2).Namespace, receiveArgs);
        await receive.WaitForStderrAsync("[receive] ready", LabSupport.Scale(60));
        await using var send = LabSupport.Cli(topo.Node(1).Namespace, SendArgs(source, spec, address, sendExtra));
        var sendExit = await send.WaitAsync(LabSupport.Scale(300));
        Assert.True(sendExit == (expectCommit ? 0 : 1), $"send exited {sendExit}: {send.Stdout} {send.Stderr}");
        var receiveExit = await receive.WaitAsync(LabSupport.Scale(60));
        Assert.True((sendExit, receiveExit) == (expectCommit ? (0, 0) : (1, 1)), $"send {sendExit}: {send.Stderr}\nreceive {receiveExit}: {receive.Stderr}");
        return (Report(send), receive.Stderr);
    }
}
