using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FtActors.Lab;
using FtActors.Lab.Guests;
using FtActors.Lab.Migration;
using FtActors.Lab.Qmp;
using FtActors.Lab.Topologies;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace FtActors.Cli.Commands;

/// <summary>
/// <c>ftactors demo</c>: the README's main job, on one machine with no arguments. Two lab nodes
/// (network namespaces joined by a 1 Gbit/s link), a 1 GiB guest computing a read-mostly workload on the
/// first, and a move of that guest to the second while it runs, checked by the guest's own checksums.
/// Everything it starts is torn down at the end, also when interrupted (Ctrl+C cancels the token).
/// </summary>
/// <remarks>
/// What the demo can show grows with the project: today it moves the guest with QEMU's own migration
/// (the baseline every FtActors figure is compared with). The health-triggered evacuation to a spare with
/// pre-deployed pages replaces this body when the node process, health monitor and migration sessions
/// are joined (issue 8).
/// </remarks>
internal static class DemoCommand
{
    private const string TopologyName = "demo";

    public static Command Build()
    {
        var memory = new Option<int>("--memory") { Description = "Guest RAM in MiB.", DefaultValueFactory = _ => 1024 };
        var mb = new Option<int>("--mb") { Description = "Size of the read-mostly matrix in MiB.", DefaultValueFactory = _ => 300 };
        var rate = new Option<string>("--rate") { Description = "Link rate between the nodes: 1gbit, 10gbit or unlimited.", DefaultValueFactory = _ => "1gbit" };
        var command = new Command("demo", "Run the demonstration: two lab nodes, a running guest, a live move with its checksums checked.");
        command.Options.Add(memory);
        command.Options.Add(mb);
        command.Options.Add(rate);
        command.SetAction((parse, ct) => LabOutput.GuardAsync(
            "demo", () => RunAsync(parse.GetValue(memory), parse.GetValue(mb), LinkRate.Parse(parse.GetValue(rate)!), ct)));
        return command;
    }

    private static async Task<int> RunAsync(int memoryMiB, int matrixMiB, LinkRate rate, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        // Step text is Spectre markup; anything that comes from outside (guest output, QEMU errors) is
        // escaped where it is inserted.
        void Step(string markup) => AnsiConsole.MarkupLine(
            string.Create(CultureInfo.InvariantCulture, $"[grey]{clock.Elapsed.TotalSeconds,6:0.0} s[/]  {markup}"));

        using var logs = LabOutput.CreateLoggerFactory();
        var logger = logs.CreateLogger("demo");
        Privileges.RequireRoot("the demo (it creates network namespaces)");

        // A topology left behind by an earlier, killed demo would make creation fail: remove it first.
        await Topology.RemoveAsync(TopologyName, logger, ct).ConfigureAwait(false);
        foreach (var name in new[] { "demo-src", "demo-dst" })
        {
            await GuestRegistry.StopAsync(name, TimeSpan.FromSeconds(5), cancellationToken: ct).ConfigureAwait(false);
        }

        Step($"creating two lab nodes joined by a {rate.Text} link");
        await using var topology = await Topology.CreateAsync(TopologyName, 2, rate, logger, ct).ConfigureAwait(false);
        var (compute, spare) = (topology.Node(1), topology.Node(2));
        Step($"  compute node {compute.Namespace} ({compute.Address}), spare node {spare.Namespace} ({spare.Address})");

        var spec = new GuestSpec("demo-src")
        {
            MemoryMiB = memoryMiB,
            Workload = "readmostly",
            Mb = matrixMiB,
            NetworkNamespace = compute.Namespace,
        };
        Step($"booting a {memoryMiB} MiB guest on the compute node: readmostly, {matrixMiB} MiB matrix (QEMU TCG)");
        await using var source = await QemuGuest.StartAsync(spec, logger, cancellationToken: ct).ConfigureAwait(false);
        var beforeMove = await source.WaitForIterationAsync(3, TimeSpan.FromMinutes(5), ct).ConfigureAwait(false);
        Step($"  guest computing: {Markup.Escape(beforeMove.ToString())}");

        var uri = PlainMigration.TcpUri(spare.Address, 4444);
        var destSpec = PlainMigration.DestinationSpec(spec, "demo-dst", uri, spare.Namespace);
        Step("starting the destination QEMU on the spare node, waiting for the incoming guest");
        await using var destination = await QemuGuest.StartAsync(destSpec, logger, cancellationToken: ct).ConfigureAwait(false);

        Step("moving the running guest to the spare with QEMU's own live migration");
        var info = await PlainMigration.RunAsync(source.Qmp, destination.Qmp, uri, new PlainMigrationOptions(), ct).ConfigureAwait(false);
        if (info.Status != "completed")
        {
            Step($"[red]migration ended {Markup.Escape(info.Status)}[/] {Markup.Escape(info.ErrorDesc ?? "")}: the guest keeps running on the compute node");
            return CliApp.ExitFailed;
        }

        await PlainMigration.WaitForIncomingAsync(destination.Qmp, TimeSpan.FromMinutes(1), ct).ConfigureAwait(false);
        var moved = destination.Serial.LatestProgress()?.Iteration ?? 0;
        var after = await destination.WaitForIterationAsync(moved + 2, TimeSpan.FromMinutes(2), ct).ConfigureAwait(false);
        var expected = await FtwExpect.LineAsync(spec, after.Iteration, ct).ConfigureAwait(false);
        var correct = expected.Sum == after.Sum;
        Step($"  guest computing on the spare: {Markup.Escape(after.ToString())}");
        Step(correct
            ? $"  [green]checksum correct[/]: the host recomputed iteration {after.Iteration} and got the same sum"
            : $"  [red]checksum WRONG[/]: expected {expected.Sum:x16}");

        var table = new Table().Title("QEMU live migration, " + rate.Text).AddColumns("figure", "value");
        table.AddRow("guest RAM", string.Create(CultureInfo.InvariantCulture, $"{memoryMiB} MiB"));
        table.AddRow("bytes on the wire (RAM)", LabOutput.Mb(info.RamTransferred) + " MB");
        table.AddRow("total time", LabOutput.N(info.TotalTimeMs) + " ms");
        table.AddRow("downtime", LabOutput.N(info.DowntimeMs) + " ms");
        table.AddRow("rounds (dirty syncs)", LabOutput.N(info.DirtySyncCount));
        table.AddRow("guest result after the move", correct ? "correct" : "WRONG");
        AnsiConsole.Write(table);
        Step("tearing down the guests and the nodes");
        return correct ? CliApp.ExitOk : CliApp.ExitFailed;
    }
}
