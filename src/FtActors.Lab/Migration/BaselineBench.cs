using System.Diagnostics;
using FtActors.Lab.Guests;
using FtActors.Lab.Topologies;
using Microsoft.Extensions.Logging;

namespace FtActors.Lab.Migration;

/// <summary>
/// Measures plain QEMU migration between two namespace nodes: boots the source in node 1 (timing
/// boot), starts a listening destination in node 2, migrates, and checks the destination's next sum.
/// Everything it starts (topology, both guests) is removed when it returns, whatever happens.
/// </summary>
public static class BaselineBench
{
    private const int Port = 4444;

    /// <summary>Runs one case; see the type's summary.</summary>
    public static async Task<BaselineResult> RunAsync(BaselineCase bench, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bench);
        var id = Guid.NewGuid().ToString("N")[..5];
        await using var topo = await Topology.CreateAsync("b" + id, 2, bench.Rate, logger, cancellationToken).ConfigureAwait(false);
        var shared = bench.Mode == BaselineMode.IgnoreShared;
        var spec = new GuestSpec("bench-src-" + id)
        {
            MemoryMiB = bench.MemoryMiB,
            Workload = bench.Workload,
            Mb = bench.Mb,
            Ram = shared ? RamBacking.SharedFile : RamBacking.Anonymous,
            NetworkNamespace = topo.Node(1).Namespace,
        };
        var uri = PlainMigration.TcpUri(topo.Node(2).Address, Port);
        var boot = TimeSpan.FromMinutes(5);

        var clock = Stopwatch.StartNew();
        await using var source = await QemuGuest.StartAsync(spec, logger, cancellationToken: cancellationToken).ConfigureAwait(false);
        var readyLine = await source.WaitForReadyAsync(boot, cancellationToken).ConfigureAwait(false);
        var toReady = clock.Elapsed;
        await source.WaitForIterationAsync(1, boot, cancellationToken).ConfigureAwait(false);
        var toFirst = clock.Elapsed;

        await using var destination = await QemuGuest.StartAsync(
            PlainMigration.DestinationSpec(spec, "bench-dst-" + id, uri, topo.Node(2).Namespace), logger, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (bench.Mode != BaselineMode.Live)
        {
            await source.Qmp.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        if (shared)
        {
            await PlainMigration.CopyRamFileAsync(source.RamPath!, destination.RamPath!, cancellationToken).ConfigureAwait(false);
        }

        var lastOnSource = source.Serial.LatestProgress()?.Iteration ?? 0;
        var info = await PlainMigration.RunAsync(source.Qmp, destination.Qmp, uri, new PlainMigrationOptions
        {
            GiveUpAfter = bench.GiveUpAfter,
            MaxBandwidthBytesPerSecond = bench.MaxBandwidthBytesPerSecond,
            Capabilities = shared ? new Dictionary<string, bool> { ["x-ignore-shared"] = true } : new Dictionary<string, bool>(),
        }, cancellationToken).ConfigureAwait(false);

        bool? verified = null;
        if (info.Status == "completed")
        {
            await PlainMigration.WaitForIncomingAsync(destination.Qmp, boot, cancellationToken).ConfigureAwait(false);
            if (bench.Mode != BaselineMode.Live)
            {
                await destination.Qmp.ContAsync(cancellationToken).ConfigureAwait(false);
            }

            lastOnSource = Math.Max(lastOnSource, source.Serial.LatestProgress()?.Iteration ?? 0);
            var next = await destination.WaitForIterationAsync(lastOnSource + 1, boot, cancellationToken).ConfigureAwait(false);
            var expected = await FtwExpect.LineAsync(spec, next.Iteration, cancellationToken).ConfigureAwait(false);
            verified = expected.Sum == next.Sum;
        }

        return new BaselineResult(
            bench, toReady, toFirst, FtwLineParser.TryParse(readyLine, out var r) ? r!.Ms : null, info, verified, source.Qmp.Greeting.VersionText);
    }
}
