using FtActors.Lab.Guests;
using FtActors.Lab.Migration;
using FtActors.Lab.Topologies;
using Microsoft.Extensions.Logging.Abstractions;

namespace FtActors.Lab.Tests;

/// <summary>
/// QEMU's own migration between two namespace nodes over a 1 Gbit/s tbf link: the template every
/// FtActors migration is checked against. A guest is "correct" after a move when its next iterations
/// print exactly the sums the host's ftw computes, and its RAM equals the source's byte for byte.
/// </summary>
[Trait("Category", "Lab")]
public sealed class MigrationTests
{
    private const int Port = 4444;

    [SkippableLabFact]
    public async Task Migrate_LiveOverShapedLink_DestinationContinuesWithCorrectSums()
    {
        await using var topo = await Topology.CreateAsync(LabTestSupport.UniqueName("m", 5), 2, LinkRate.Parse("1gbit"));
        var spec = new GuestSpec(LabTestSupport.UniqueName("live-src-")) { MemoryMiB = 192, Workload = "readmostly", Mb = 32, Ram = RamBacking.Anonymous, NetworkNamespace = topo.Node(1).Namespace };
        var uri = PlainMigration.TcpUri(topo.Node(2).Address, Port);
        await using var source = await QemuGuest.StartAsync(spec);
        await using var destination = await QemuGuest.StartAsync(PlainMigration.DestinationSpec(spec, LabTestSupport.UniqueName("live-dst-"), uri, topo.Node(2).Namespace));
        Assert.Equal("inmigrate", (await destination.Qmp.QueryStatusAsync()).Status);
        await source.WaitForIterationAsync(2, LabTestSupport.Boot);

        var info = await PlainMigration.RunAsync(source.Qmp, destination.Qmp, uri, new PlainMigrationOptions { GiveUpAfter = LabTestSupport.Migration });

        Assert.Equal("completed", info.Status);
        Assert.True(info.RamTransferred > 32L << 20, $"a live migration moves at least the 32 MiB matrix, moved {info.RamTransferred}");
        Assert.Equal("postmigrate", (await source.Qmp.QueryStatusAsync()).Status);
        Assert.True((await PlainMigration.WaitForIncomingAsync(destination.Qmp, LabTestSupport.Migration)).Running);
        var lastOnSource = source.Serial.LatestProgress()!.Iteration;
        await destination.WaitForIterationAsync(lastOnSource + 2, LabTestSupport.Boot);
        var checkedIterations = await LabTestSupport.AssertSumsMatchAsync(spec, destination.Serial.ReadProgress(), atLeast: 2);
        Assert.All(checkedIterations, i => Assert.True(i > lastOnSource - 1, $"iteration {i} on the destination, source stopped at {lastOnSource}"));
    }

    [SkippableLabFact]
    public async Task Migrate_StoppedSource_DestinationRamEqualsSourceByteForByteThenResumes()
    {
        await using var topo = await Topology.CreateAsync(LabTestSupport.UniqueName("m", 5), 2, LinkRate.Parse("1gbit"));
        var spec = new GuestSpec(LabTestSupport.UniqueName("sc-src-")) { MemoryMiB = 192, Workload = "readmostly", Mb = 32, Ram = RamBacking.Anonymous, NetworkNamespace = topo.Node(1).Namespace };
        var uri = PlainMigration.TcpUri(topo.Node(2).Address, Port);
        var dumps = Directory.CreateTempSubdirectory("ftlab-dumps-").FullName;
        try
        {
            await using var source = await QemuGuest.StartAsync(spec);
            await using var destination = await QemuGuest.StartAsync(PlainMigration.DestinationSpec(spec, LabTestSupport.UniqueName("sc-dst-"), uri, topo.Node(2).Namespace));
            await source.WaitForIterationAsync(2, LabTestSupport.Boot);

            // Stop-and-copy: with the source stopped, both dumps are of the same instant, and QEMU
            // leaves the destination stopped too (it autostarts only what was running).
            await source.Qmp.StopAsync();
            var lastOnSource = source.Serial.LatestProgress()!.Iteration;
            var info = await PlainMigration.RunAsync(source.Qmp, destination.Qmp, uri, new PlainMigrationOptions { GiveUpAfter = LabTestSupport.Migration });
            Assert.Equal("completed", info.Status);
            Assert.Equal(("postmigrate", false), ToTuple(await source.Qmp.QueryStatusAsync()));
            Assert.Equal(("paused", false), ToTuple(await PlainMigration.WaitForIncomingAsync(destination.Qmp, LabTestSupport.Migration)));

            await AssertSameRamAsync(source, destination, dumps);

            await destination.Qmp.ContAsync();
            await destination.WaitForIterationAsync(lastOnSource + 2, LabTestSupport.Boot);
            await LabTestSupport.AssertSumsMatchAsync(spec, destination.Serial.ReadProgress(), atLeast: 2);
        }
        finally
        {
            FileCleanup.TryDeleteDirectory(dumps, NullLogger.Instance);
        }
    }

    [SkippableLabFact]
    public async Task Migrate_SharedFileWithIgnoreShared_MovesDeviceStateOnlyAndResumesCorrectly()
    {
        await using var topo = await Topology.CreateAsync(LabTestSupport.UniqueName("m", 5), 2, LinkRate.Parse("1gbit"));
        var spec = new GuestSpec(LabTestSupport.UniqueName("xs-src-")) { MemoryMiB = 192, Workload = "readmostly", Mb = 32, NetworkNamespace = topo.Node(1).Namespace };
        var uri = PlainMigration.TcpUri(topo.Node(2).Address, Port);
        var dumps = Directory.CreateTempSubdirectory("ftlab-dumps-").FullName;
        try
        {
            await using var source = await QemuGuest.StartAsync(spec);
            await using var destination = await QemuGuest.StartAsync(PlainMigration.DestinationSpec(spec, LabTestSupport.UniqueName("xs-dst-"), uri, topo.Node(2).Namespace));
            Assert.NotEqual(source.RamPath, destination.RamPath);
            await source.WaitForIterationAsync(2, LabTestSupport.Boot);

            await source.Qmp.StopAsync();
            var lastOnSource = source.Serial.LatestProgress()!.Iteration;
            // The destination QEMU already has its RAM file mapped shared while it waits: the copy
            // overwrites it in place, as FtActors' own page streamer will.
            await PlainMigration.CopyRamFileAsync(source.RamPath!, destination.RamPath!);
            var info = await PlainMigration.RunAsync(source.Qmp, destination.Qmp, uri, new PlainMigrationOptions
            {
                GiveUpAfter = LabTestSupport.Migration,
                Capabilities = new Dictionary<string, bool> { ["x-ignore-shared"] = true },
            });

            Assert.Equal("completed", info.Status);
            Assert.True(info.RamTransferred < 4L << 20, $"expected only device state and small ROM blocks (~1 MB), moved {info.RamTransferred} bytes");
            Assert.Equal(("paused", false), ToTuple(await PlainMigration.WaitForIncomingAsync(destination.Qmp, LabTestSupport.Migration)));

            await AssertSameRamAsync(source, destination, dumps);

            await destination.Qmp.ContAsync();
            await destination.WaitForIterationAsync(lastOnSource + 2, LabTestSupport.Boot);
            await LabTestSupport.AssertSumsMatchAsync(spec, destination.Serial.ReadProgress(), atLeast: 2);
        }
        finally
        {
            FileCleanup.TryDeleteDirectory(dumps, NullLogger.Instance);
        }
    }

    private static (string, bool) ToTuple(FtActors.Qemu.Qmp.VmStatus s) => (s.Status, s.Running);

    /// <summary>Dumps all guest RAM of both (both stopped: the same instant) with pmemsave and compares them page by page.</summary>
    private static async Task AssertSameRamAsync(QemuGuest source, QemuGuest destination, string dumps)
    {
        var size = (long)source.Spec.MemoryMiB << 20;
        var a = Path.Combine(dumps, "source.bin");
        var b = Path.Combine(dumps, "destination.bin");
        await source.Qmp.PmemSaveAsync(0, size, a);
        await destination.Qmp.PmemSaveAsync(0, size, b);
        Assert.Equal(size, new FileInfo(a).Length);
        var diff = LabTestSupport.CompareDumps(a, b);
        Assert.True(diff is null, $"guest RAM differs: {diff?.Pages} pages, first at 0x{diff?.FirstOffset:x}");
    }
}
