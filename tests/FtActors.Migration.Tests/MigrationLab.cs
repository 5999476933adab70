using System.Globalization;
using System.Text.Json;
using FtActors.Lab;
using FtActors.Lab.Guests;
using FtActors.Qemu.Qmp;
using FtActors.Lab.Topologies;
using FtActors.Migration.Session;
using FtActors.Store;
using FtActors.TestKit;
using FtActors.Qemu;

namespace FtActors.Migration.Tests;

/// <summary>
/// One lab migration test's world: a two-node topology over a tbf-shaped link, a source guest on node 1
/// (its QMP socket released for the sender process), a unique destination name for node 2, and a
/// temporary directory. Both ends of a migration run as <c>ftactors migrate send/receive</c> processes in
/// their node's namespace. Disposing stops both guests and removes the topology and the files, also when
/// the test failed halfway.
/// </summary>
internal sealed class MigrationLab : IAsyncDisposable
{
    /// <summary>The receiver's page port; QEMU's device state uses the next one.</summary>
    public const int Port = 7700;

    private MigrationLab(Topology topology, GuestSpec spec, QemuGuest source, TestFiles files)
    {
        Topology = topology;
        Spec = spec;
        Source = source;
        Files = files;
    }

    public Topology Topology { get; }

    public GuestSpec Spec { get; }

    public QemuGuest Source { get; }

    public TestFiles Files { get; }

    /// <summary>The destination guest's name; every migration of this lab uses it.</summary>
    public string Destination { get; } = LabSupport.Unique("dst-");

    /// <summary>Where the receiver listens: node 2.</summary>
    public string ReceiveAddress => $"{Topology.Node(2).Address}:{Port}";

    /// <summary>
    /// Creates the topology (name from <paramref name="tag"/>), starts a 256 MiB <paramref name="workload"/>
    /// guest on node 1 and waits until it printed iteration <paramref name="iteration"/>.
    /// </summary>
    public static async Task<MigrationLab> StartAsync(string tag, string rate, string workload, int mb, ulong iteration = 2)
    {
        var topology = await Topology.CreateAsync(LabSupport.Unique(tag, 5), 2, LinkRate.Parse(rate));
        var files = new TestFiles();
        QemuGuest? source = null;
        try
        {
            var spec = new GuestSpec(LabSupport.Unique("src-")) { MemoryMiB = 256, Workload = workload, Mb = mb, NetworkNamespace = topology.Node(1).Namespace };
            source = await QemuGuest.StartAsync(spec);
            // QEMU serves one QMP client at a time and the sender process needs it; the guest stays registered.
            await source.DetachAsync();
            await source.WaitForIterationAsync(iteration, LabSupport.Scale(120));
            return new MigrationLab(topology, spec, source, files);
        }
        catch
        {
            if (source is not null)
            {
                // The start's error is the one to report, not a failing stop's.
                await TestCleanup.RunAsync<QemuException>("stopping " + source.Spec.Name, () => GuestRegistry.StopAsync(source.Spec.Name, TimeSpan.FromSeconds(5)));
            }

            files.Dispose();
            await topology.DisposeAsync();
            throw;
        }
    }

    /// <summary>The 256 MiB readmostly source the fault tests use, computing over <paramref name="mb"/> MiB of matrix.</summary>
    public static Task<MigrationLab> StartReadmostlyAsync(string tag, string rate, int mb) => StartAsync(tag, rate, "readmostly", mb);

    /// <summary>Builds a page store from the source's RAM file as it is now and returns its directory.</summary>
    public string BuildStore()
    {
        var dir = Files.Path(LabSupport.Unique("store-"));
        using var w = PageStoreWriter.Create(dir);
        using var ram = new RawFilePageSource(Source.RamPath!);
        w.AddScan("g", [ram], new SelectionOptions(), DateTimeOffset.UtcNow);
        w.Commit();
        return dir;
    }

    /// <summary>Starts <c>migrate receive</c> on node 2 for <see cref="Destination"/> and waits until it listens.</summary>
    public async Task<CliProcess> StartReceiverAsync(params string[] extra)
    {
        var receive = LabSupport.Cli(Topology.Node(2).Namespace, ["migrate", "receive", "--listen", ReceiveAddress, "--name", Destination, .. extra]);
        try
        {
            await receive.WaitForStderrAsync("[receive] ready", LabSupport.Scale(60));
            return receive;
        }
        catch
        {
            await receive.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts <c>migrate send</c> on node 1. The source stays paused after a commit (<c>--keep-source</c>)
    /// and the destination is left paused, so both RAM files can be compared as they were at the switch.
    /// </summary>
    public CliProcess StartSender(params string[] extra) => LabSupport.Cli(
        Topology.Node(1).Namespace,
        [
            "migrate", "send", "--qmp", Source.State.QmpSocket, "--ram-file", Source.RamPath!, "--to", ReceiveAddress,
            "--memory", Spec.MemoryMiB.ToString(CultureInfo.InvariantCulture), "--workload", Spec.Workload, "--mb", Spec.Mb.ToString(CultureInfo.InvariantCulture),
            "--leave-destination-paused", "--keep-source", "--json", .. extra,
        ]);

    /// <summary>The sender's JSON report (its last JSON line on stdout).</summary>
    public static MigrationReport Report(CliProcess send)
    {
        var line = send.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'));
        Assert.True(line is not null, $"no JSON report: stdout {send.Stdout} stderr {send.Stderr}");
        return JsonSerializer.Deserialize(line, MigrationJsonContext.Default.MigrationReport)!;
    }

    /// <summary>
    /// One whole migration: receiver, then sender; both must exit 0 (<paramref name="expectCommit"/>) or
    /// both 1 (aborted). Returns the sender's report and the receiver's output (its result line on stdout,
    /// its progress lines on stderr).
    /// </summary>
    public async Task<(MigrationReport Report, string ReceiveOutput)> MigrateAsync(bool expectCommit, string[]? sendExtra = null, string[]? receiveExtra = null)
    {
        await using var receive = await StartReceiverAsync(receiveExtra ?? []);
        await using var send = StartSender(sendExtra ?? []);
        var sendExit = await send.WaitAsync(LabSupport.Scale(300));
        Assert.True(sendExit == (expectCommit ? 0 : 1), $"send exited {sendExit}: {send.Stdout} {send.Stderr}\nreceive: {receive.Stderr}");
        var receiveExit = await receive.WaitAsync(LabSupport.Scale(60));
        Assert.True(receiveExit == sendExit, $"send {sendExit}: {send.Stderr}\nreceive {receiveExit}: {receive.Stderr}");
        return (Report(send), receive.Stdout + receive.Stderr);
    }

    /// <summary>
    /// After a fault: the source QEMU runs the guest (QMP status running) and the iterations it computes
    /// from now on carry the sums the host's ftw computes.
    /// </summary>
    public async Task AssertSourceRunsCorrectlyAsync()
    {
        await using (var qmp = await QmpClient.ConnectAsync(Source.State.QmpSocket, LabSupport.Scale(10)))
        {
            var status = await qmp.QueryStatusAsync();
            Assert.True(status.Running, $"the source must run the guest after an abort; QMP status is {status.Status}");
        }

        var last = Source.Serial.LatestProgress()!.Iteration;
        await Source.WaitForIterationAsync(last + 2, LabSupport.Scale(120));
        // Only the iterations after the fault: ftw expect recomputes from iteration 1, so checking a
        // long-running guest's whole log would cost minutes.
        Assert.True(await LabSupport.AssertSumsAsync(Spec, Source.Serial.ReadProgress().Where(l => l.Iteration > last)) >= 2);
    }

    /// <summary>
    /// The migration after a fault: it commits with matching digests, and the destination's RAM file is
    /// byte-identical to the (paused) source's at the switch. Leaves both paused; disposal stops them.
    /// </summary>
    public async Task<MigrationReport> AssertNewMigrationCommitsAsync(string[]? sendExtra = null, string[]? receiveExtra = null)
    {
        var (report, receiveOutput) = await MigrateAsync(expectCommit: true, sendExtra, receiveExtra);
        Assert.Equal("committed", report.Outcome);
        Assert.True(report.DigestsMatched, "whole-RAM digests after the final round");
        var dest = GuestRegistry.Find(Destination);
        Assert.True(dest is not null, $"the committed destination {Destination} must run: {receiveOutput}");
        Assert.Null(LabSupport.FirstDifference(Source.RamPath!, dest.RamFile!));
        return report;
    }

    /// <summary>
    /// The spare node dies: every process in node 2's namespace (receiver, destination QEMU) is killed at
    /// once with SIGKILL, as a crash or power cut of that node would end them. Returns how many were killed.
    /// </summary>
    public async Task<int> KillSpareAsync()
    {
        var pids = await ProcessRunner.RunAsync("ip", ["netns", "pids", Topology.Node(2).Namespace], LabSupport.Scale(10));
        Assert.True(pids.Succeeded, pids.StandardError);
        var killed = 0;
        foreach (var pid in pids.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                using var p = System.Diagnostics.Process.GetProcessById(int.Parse(pid, CultureInfo.InvariantCulture));
                p.Kill();
                killed++;
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }

        return killed;
    }

    /// <summary>Stops the destination guest if one runs (a receiver that was killed leaves its QEMU behind).</summary>
    public Task<bool> StopDestinationAsync() => GuestRegistry.StopAsync(Destination, TimeSpan.FromSeconds(5));

    /// <summary>Stops both guests and removes the files and the topology; never throws over a failing test's own error.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var guest in new[] { Destination, Spec.Name })
        {
            await TestCleanup.RunAsync<QemuException>("stopping " + guest, () => GuestRegistry.StopAsync(guest, TimeSpan.FromSeconds(5)));
        }

        Files.Dispose();
        await Topology.DisposeAsync();
    }
}
