using System.Globalization;
using System.Text.Json;
using FtActors.Admin;
using FtActors.Lab.Guests;
using FtActors.Lab.Topologies;
using FtActors.TestKit;
using Xunit;

namespace FtActors.Node.Tests;

/// <summary>
/// The whole path across real nodes: a compute node and a spare, each an <c>ftactors node</c> process in its own
/// network namespace (1 Gbit/s link, an Akka.NET cluster the spare forms), a readmostly lab guest on the compute
/// node, and an overheating trend injected through the fault-injection file. The compute node's policy predicts the
/// failure, the node plans, drains itself in Slurm (stand-in scontrol) and migrates the guest to the spare's
/// receiver, which runs it; the guest's sums continue correctly there (checked with the host's ftw). Before the
/// trend, the node's upkeep has pre-deployed the guest on the spare the placement coordinator assigned (coverage
/// above 0.9), so the move sends far fewer bytes than the guest's non-zero RAM.
/// </summary>
[Trait("Category", "Lab")]
public sealed class EvacuationLabTests
{
    [LabFact]
    public async Task InjectedTrend_ComputeNode_GuestRunsOnSpareBeforePredictedFailureWithCorrectSums()
    {
        var id = Guid.NewGuid().ToString("N")[..5];
        await using var topo = await Topology.CreateAsync("ev" + id, 2, LinkRate.Parse("1gbit"));
        var shared = Path.Combine(Path.GetTempPath(), "ftactors-evac-" + id);
        Directory.CreateDirectory(shared);
        var spec = new GuestSpec("ev-" + id) { MemoryMiB = 256, Workload = "readmostly", Mb = 32, NetworkNamespace = topo.Node(1).Namespace };
        string[] Cluster(int index, string role) =>
        [
            "ftactors.cluster.id=evac-" + id,
            "ftactors.cluster.roles.0=" + role,
            // The spare forms the cluster; the compute node joins through it.
            "ftactors.cluster.seed-nodes=" + (role == "spare" ? string.Empty : topo.Node(2).Address + ":2552"),
            "ftactors.persistence.journal.connection-string=Data Source=" + Path.Combine(shared, "journal-" + index + ".db"),
            "ftactors.remoting.host=" + topo.Node(index).Address,
            "ftactors.remoting.port=2552",
        ];
        QemuGuest? source = null;
        try
        {
            await using var spare = await RunningNode.StartAsync("spare-" + id, [.. Cluster(2, "spare"), "ftactors.predeploy.store-path=" + Path.Combine(shared, "store")],
                netns: topo.Node(2).Namespace);
            source = await QemuGuest.StartAsync(spec);
            await source.DetachAsync();
            await source.WaitForIterationAsync(2, TestKitSettings.Dilated(TimeSpan.FromSeconds(120)));
            await using var compute = await RunningNode.StartAsync("compute-" + id,
                [.. Cluster(1, "compute"), "ftactors.guests.lab=on", "ftactors.guests.lab-namespace=" + topo.Node(1).Namespace, "ftactors.node.link-rate=1gbit",
                    "ftactors.predeploy.scan-interval=2s", "ftactors.predeploy.stable-scans=1", "ftactors.predeploy.bandwidth-budget=64 MiB"],
                netns: topo.Node(1).Namespace);

            // The compute node lists the guest and picks the spare's receiver before anything fails.
            var guests = await Eventually.WaitForAsync(async () =>
            {
                var (_, stdout, _) = await RunningNode.ShellInAsync(topo.Node(1).Namespace, "guests", "--node", compute.Admin.ToString(), "--json");
                var view = stdout.StartsWith('{') ? JsonSerializer.Deserialize(stdout, AdminJsonContext.Default.GuestsView) : null;
                return view?.Guests.FirstOrDefault(g => g.Name == spec.Name && g.Spare is not null);
            });
            Assert.Equal($"{topo.Node(2).Address}:7700", guests.Spare);

            // Upkeep feeds the coordinator's spare until it holds nearly all of the guest.
            var covered = await Eventually.WaitForAsync(async () =>
            {
                var (_, stdout, _) = await RunningNode.ShellInAsync(topo.Node(1).Namespace, "placements", "--node", compute.Admin.ToString(), "--json");
                var view = stdout.StartsWith('{') ? JsonSerializer.Deserialize(stdout, AdminJsonContext.Default.PlacementsView) : null;
                return view?.Placements.FirstOrDefault(p => p.Guest == spec.Name && p.Coverage > 0.9);
            }, TestKitSettings.Dilated(TimeSpan.FromSeconds(180)));
            Assert.Equal("coordinator", covered.Source);
            var nonZeroBytes = NonZeroBytes(source.RamPath!);

            // Read now: the source's run directory (and its serial log) is gone once the fast, pre-deployed move quits it.
            var lastOnSource = source.Serial.LatestProgress()!.Iteration;

            // 60 °C rising 1 °C/s to the 95 °C critical limit: the failure is 35 s after the node loads the file.
            await File.WriteAllTextAsync(compute.InjectFile,
                "{ \"readings\": [ { \"check\": \"cpu-temp\", \"unit\": \"C\", \"start\": 60, \"ratePerSecond\": 1, \"end\": 95, \"warn\": 85, \"crit\": 95 } ] }");

            // The node's own line (event 6114) names the outcome and the margin to the predicted failure.
            var committed = await compute.WaitForLineAsync("before the predicted failure");
            Assert.Contains($"of {spec.Name} committed", committed, StringComparison.Ordinal);
            Assert.DoesNotContain("LATE", committed, StringComparison.Ordinal);
            Assert.Contains("Failure prediction (policy, policy:inject/cpu-temp)", compute.Output(), StringComparison.Ordinal);
            Assert.Contains($"Evacuation decision for {spec.Name}: #1 (smallest first)", compute.Output(), StringComparison.Ordinal);
            await spare.WaitForLineAsync("Receiver: incoming migration committed");
            Assert.Contains(File.ReadAllLines(compute.ScontrolLog), l => l.StartsWith($"update NodeName=compute-{id} State=DRAIN Reason=FtActors: failure predicted at ", StringComparison.Ordinal));

            var destination = GuestRegistry.Find(spec.Name + "-dst");
            Assert.True(destination is not null, spare.Output());
            var serial = new SerialLog(destination.SerialLog);
            var firstThere = await serial.WaitForIterationAsync(lastOnSource + 2, TestKitSettings.Dilated(TimeSpan.FromSeconds(120)));
            await serial.WaitForIterationAsync(firstThere.Iteration + 1, TestKitSettings.Dilated(TimeSpan.FromSeconds(120)));
            var checkedLines = 0;
            foreach (var line in serial.ReadProgress().Where(l => l.Kind == FtwLineKind.Iteration))
            {
                Assert.Equal((await FtwExpect.LineAsync(spec, line.Iteration)).ToString(), (line with { Ms = null }).ToString());
                checkedLines++;
            }

            Assert.True(checkedLines >= 2, $"checked {checkedLines.ToString(CultureInfo.InvariantCulture)} lines");
            var (_, migrations, _) = await RunningNode.ShellInAsync(topo.Node(1).Namespace, "migrations", "--node", compute.Admin.ToString(), "--json");
            var m = Assert.Single(JsonSerializer.Deserialize(migrations, AdminJsonContext.Default.MigrationsView)!.Migrations);
            Assert.Equal("committed", m.Outcome);
            Assert.Equal(1, m.Progress);

            // Pre-deployed pages come from the spare's store, not the wire.
            Assert.True(m.BytesOnWire < nonZeroBytes / 2, $"{m.BytesOnWire} bytes on the wire for {nonZeroBytes} non-zero bytes");
        }
        finally
        {
            await GuestRegistry.StopAsync(spec.Name + "-dst", TimeSpan.FromSeconds(5));
            await GuestRegistry.StopAsync(spec.Name, TimeSpan.FromSeconds(5));
            if (source is not null)
            {
                await source.DisposeAsync();
            }

            try
            {
                Directory.Delete(shared, recursive: true);
            }
            catch (IOException)
            {
                // Left for the temp cleaner.
            }
        }
    }

    /// <summary>Bytes in the guest's non-zero 4 KiB pages, read from its shared RAM file while it runs.</summary>
    private static long NonZeroBytes(string ramFile)
    {
        using var stream = new FileStream(ramFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var page = new byte[4096];
        long nonZero = 0;
        while (stream.ReadAtLeast(page, page.Length, throwOnEndOfStream: false) == page.Length)
        {
            if (page.AsSpan().ContainsAnyExcept((byte)0))
            {
                nonZero += page.Length;
            }
        }

        return nonZero;
    }
}
