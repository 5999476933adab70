using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FtActors.Admin;
using FtActors.Lab;
using FtActors.Lab.Guests;
using FtActors.Lab.Migration;
using FtActors.Qemu.Qmp;
using FtActors.Lab.Topologies;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using FtActors.Qemu;

namespace FtActors.Cli.Commands;

/// <summary>
/// <c>ftactors demo</c>: the README's main job, on one machine with no arguments. A compute node and a spare node
/// (two <c>ftactors node</c> processes in network namespaces joined by a 1 Gbit/s link, one SQLite file both
/// reach), a read-mostly guest on the compute node that upkeep pre-deploys on the spare, an overheating trend
/// injected through the fault-injection file, the node's prediction and its migration of the guest to the spare
/// in time, the guest's sums checked there; then the same guest moved by plain QEMU over the same link, and both
/// side by side. Everything it starts is torn down at the end, also when interrupted: SIGINT (Ctrl+C) and SIGTERM
/// cancel the run at any phase, and the process tears down before it exits with 130 or 143 (<see cref="DemoInterrupt"/>);
/// the node processes also watch the demo's process id.
/// </summary>
internal static class DemoCommand
{

    public static Command Build()
    {
        var memory = new Option<int>("--guest-mb", "--memory") { Description = "Guest RAM in MiB (256 for a quick try).", DefaultValueFactory = _ => 1024 };
        var mb = new Option<int>("--mb") { Description = "Size of the read-mostly matrix in MiB; 0 takes 30 % of the guest RAM.", DefaultValueFactory = _ => 0 };
        var rate = new Option<string>("--rate") { Description = "Link rate between the nodes: 1gbit, 10gbit or unlimited.", DefaultValueFactory = _ => "1gbit" };
        var name = new Option<string>("--name")
        {
            Description = "Names the run's namespaces (ftlab-NAME-1, -2), guests (NAME-src, ...) and work directory (TMP/ftactors-NAME), so runs can go side by side.",
            DefaultValueFactory = _ => "demo",
        };
        name.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<string>() ?? string.Empty;
            if (v.Length is 0 or > 8 || !v.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)) || !char.IsAsciiLetterLower(v[0]))
            {
                r.AddError($"--name: expected 1-8 lower-case letters or digits starting with a letter (it names network namespaces), found \"{v}\"");
            }
        });
        var command = new Command("demo", "Run the demonstration: pre-deployment, a predicted failure, the evacuation to a spare, and plain QEMU side by side.");
        command.Options.Add(memory);
        command.Options.Add(mb);
        command.Options.Add(rate);
        command.Options.Add(name);
        // Synchronous on purpose: System.CommandLine's signal handling (asynchronous actions only) would end the process
        // two seconds after Ctrl+C, in the middle of the teardown; DemoInterrupt handles the signals instead.
        command.SetAction(parse => RunInterruptibleAsync(parse.GetValue(name)!, parse.GetValue(memory), parse.GetValue(mb), parse.GetValue(rate)!).GetAwaiter().GetResult());
        return command;
    }

    private static async Task<int> RunInterruptibleAsync(string name, int memoryMiB, int matrixMiB, string rate)
    {
        using var interrupt = new DemoInterrupt();
        var exit = await LabOutput.GuardAsync("demo", () => RunAsync(name, memoryMiB, matrixMiB, LinkRate.Parse(rate), interrupt.Token)).ConfigureAwait(false);
        if (interrupt.Signal is { } signal)
        {
            await Console.Error.WriteLineAsync($"demo: interrupted by {signal}; stopped the guests and node processes, removed namespaces ftlab-{name}-* and {WorkDirectory(name)}").ConfigureAwait(false);
            exit = interrupt.ExitCode;
        }

        return exit;
    }

    private static string WorkDirectory(string name) => Path.Combine(Path.GetTempPath(), "ftactors-" + name);

    private static async Task<int> RunAsync(string name, int memoryMiB, int matrixMiB, LinkRate rate, CancellationToken ct)
    {
        if (matrixMiB <= 0)
        {
            matrixMiB = Math.Max(16, memoryMiB * 3 / 10);
        }

        var clock = Stopwatch.StartNew();
        // Step text is Spectre markup; anything that comes from outside (guest output, QEMU errors) is
        // escaped where it is inserted.
        void Step(string markup) => AnsiConsole.MarkupLine(
            string.Create(CultureInfo.InvariantCulture, $"[grey]{clock.Elapsed.TotalSeconds,6:0.0} s[/]  {markup}"));

        using var logs = LabOutput.CreateLoggerFactory();
        var logger = logs.CreateLogger("demo");
        Privileges.RequireRoot("the demo (it creates network namespaces)");
        var config = FindNodeConfig();
        string[] guests = [name + "-src", name + "-src-dst", name + "-plain", name + "-plain-dst"];

        // Whatever an earlier, killed demo left behind would make creation fail: remove it first.
        await Topology.RemoveAsync(name, logger, ct).ConfigureAwait(false);
        foreach (var guest in guests)
        {
            await GuestRegistry.StopAsync(guest, TimeSpan.FromSeconds(5), cancellationToken: ct).ConfigureAwait(false);
        }

        var work = WorkDirectory(name);
        FileCleanup.DeleteDirectoryIfPresent(work);

        Directory.CreateDirectory(work);
        try
        {
            Step($"creating two lab nodes joined by a {rate.Text} link");
            await using var topology = await Topology.CreateAsync(name, 2, rate, logger, ct).ConfigureAwait(false);
            var (computeNs, spareNs) = (topology.Node(1), topology.Node(2));
            Step($"  compute node {computeNs.Namespace} ({computeNs.Address}), spare node {spareNs.Namespace} ({spareNs.Address}), an Akka.NET cluster formed through the spare");
            var ft = await EvacuateAsync(Step, name, config, work, topology, memoryMiB, matrixMiB, rate, logger, ct).ConfigureAwait(false);
            foreach (var guest in guests)
            {
                await GuestRegistry.StopAsync(guest, TimeSpan.FromSeconds(5), cancellationToken: ct).ConfigureAwait(false);
            }

            var plain = await PlainAsync(Step, name, topology, memoryMiB, matrixMiB, logger, ct).ConfigureAwait(false);

            var table = new Table().Title($"The same {memoryMiB} MiB readmostly guest ({matrixMiB} MiB matrix) moved over {rate.Text}").AddColumns("figure", "FtActors (predicted failure, pre-deployed)", "plain QEMU live migration");
            table.AddRow("coverage on the spare before the move", ft.Coverage.ToString("P1", CultureInfo.InvariantCulture), "-");
            table.AddRow("time left before the predicted failure", ft.Margin, "-");
            table.AddRow("bytes on the wire", LabOutput.Mb(ft.Bytes) + " MB", LabOutput.Mb(plain.Info.RamTransferred) + " MB");
            table.AddRow("total time", LabOutput.N((long)Math.Round(ft.TotalMs, MidpointRounding.AwayFromZero)) + " ms", LabOutput.N(plain.Info.TotalTimeMs) + " ms");
            table.AddRow("downtime", LabOutput.N((long)Math.Round(ft.DowntimeMs, MidpointRounding.AwayFromZero)) + " ms", LabOutput.N(plain.Info.DowntimeMs) + " ms");
            table.AddRow("rounds", LabOutput.N(ft.Rounds), LabOutput.N(plain.Info.DirtySyncCount));
            table.AddRow("done before the predicted failure", ft.InTime ? "yes" : "NO", "-");
            table.AddRow("guest result after the move", ft.Correct ? "correct" : "WRONG", plain.Correct ? "correct" : "WRONG");
            AnsiConsole.Write(table);
            Step("tearing down the guests, the node processes and the namespaces");
            return ft.Correct && plain.Correct && ft.InTime ? CliApp.ExitOk : CliApp.ExitFailed;
        }
        finally
        {
            // Runs on success, failure and interruption alike, never with the (possibly cancelled) token. The node
            // processes are already gone (their DemoNode disposals kill them); guests first, then the namespaces
            // (which ends whatever still runs inside them, a half-started topology included), then the directory.
            // Each step catches its own failure, so the error that ended the run is the one reported.
            foreach (var guest in guests)
            {
                await CleanupStepAsync("stopping guest " + guest, () => GuestRegistry.StopAsync(guest, TimeSpan.FromSeconds(5), cancellationToken: CancellationToken.None)).ConfigureAwait(false);
            }

            await CleanupStepAsync("removing topology " + name, () => Topology.RemoveAsync(name, logger, CancellationToken.None)).ConfigureAwait(false);
            // Left in the temp directory when it fails (logged); the next demo removes it.
            FileCleanup.TryDeleteDirectory(work, logger);
        }
    }

    private static async Task CleanupStepAsync(string what, Func<Task> step)
    {
        try
        {
            await step().ConfigureAwait(false);
        }
        catch (Exception e) when (e is QemuException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"demo: cleanup: {what}: {e.Message}").ConfigureAwait(false);
        }
    }

    private static async Task<FtResult> EvacuateAsync(Action<string> step, string name, string config, string work, Topology topology, int memoryMiB, int matrixMiB, LinkRate rate,
        ILogger logger, CancellationToken ct)
    {
        var (computeNs, spareNs) = (topology.Node(1), topology.Node(2));
        var inject = Path.Combine(work, "inject.json");
        await File.WriteAllTextAsync(inject, "{ \"readings\": [ { \"check\": \"cpu-temp\", \"unit\": \"C\", \"start\": 50, \"ratePerSecond\": 0, \"warn\": 85, \"crit\": 95 } ] }", ct).ConfigureAwait(false);
        string[] Sets(string name, string role, string address) =>
        [
            "ftactors.cluster.id=demo",
            "ftactors.cluster.roles.0=" + role,
            // The spare forms the cluster (no seeds); the compute node joins through it.
            "ftactors.cluster.seed-nodes=" + (role == "spare" ? string.Empty : spareNs.Address + ":2552"),
            "ftactors.persistence.journal.provider=sqlite",
            "ftactors.persistence.journal.connection-string=Data Source=" + Path.Combine(work, "journal-" + name + ".db"),
            "ftactors.remoting.host=" + address,
            "ftactors.remoting.port=2552",
            "ftactors.metrics.port=0",
            "ftactors.node.name=" + name,
            "ftactors.node.slurm-drain=off",
            "ftactors.node.link-rate=" + rate.Text,
            "ftactors.health.sources.hwmon.enabled=false",
            "ftactors.health.sources.edac.enabled=false",
            "ftactors.health.sources.fault-injection.enabled=true",
            "ftactors.health.sources.fault-injection.file=" + inject,
        ];

        step("starting the spare node process (page store fed by upkeep, migration receiver on port 7700)");
        await using var spare = await DemoNode.StartAsync(spareNs.Namespace, config, [.. Sets(name + "-spare", "spare", spareNs.Address), "ftactors.predeploy.store-path=" + Path.Combine(work, "store")], ct).ConfigureAwait(false);

        var spec = new GuestSpec(name + "-src") { MemoryMiB = memoryMiB, Workload = "readmostly", Mb = matrixMiB, NetworkNamespace = computeNs.Namespace };
        step($"booting a {memoryMiB} MiB guest on the compute node: readmostly, {matrixMiB} MiB matrix (QEMU TCG)");
        var source = await QemuGuest.StartAsync(spec, logger, cancellationToken: ct).ConfigureAwait(false);
        FtwLine first;
        try
        {
            first = await source.WaitForIterationAsync(2, TimeSpan.FromMinutes(5), ct).ConfigureAwait(false);
        }
        finally
        {
            // The node process owns the guest from here (its migration session takes the QMP socket).
            await source.DetachAsync().ConfigureAwait(false);
        }

        step($"  guest computing: {Markup.Escape(first.ToString())}");
        step("starting the compute node process (watches the guest, upkeep scans it every 2 s)");
        await using var compute = await DemoNode.StartAsync(computeNs.Namespace, config,
            [.. Sets(name + "-compute", "compute", computeNs.Address), "ftactors.guests.lab=on", "ftactors.guests.lab-namespace=" + computeNs.Namespace,
                "ftactors.predeploy.scan-interval=2s", "ftactors.predeploy.stable-scans=1", "ftactors.predeploy.bandwidth-budget=64 MiB"], ct).ConfigureAwait(false);

        step("upkeep pre-deploys the guest on the spare the placement coordinator assigned:");
        var coverage = 0.0;
        var waited = Stopwatch.StartNew();
        while (coverage < 0.95 && waited.Elapsed < TimeSpan.FromMinutes(5))
        {
            var json = await compute.ShellAsync(ct, "placements", "--node", compute.Admin, "--json").ConfigureAwait(false);
            var view = json.StartsWith('{') ? JsonSerializer.Deserialize(json, AdminJsonContext.Default.PlacementsView) : null;
            var p = view?.Placements.FirstOrDefault(x => x.Guest == spec.Name);
            if (p is not null && p.Coverage > coverage)
            {
                coverage = p.Coverage;
                step($"  coverage {coverage.ToString("P1", CultureInfo.InvariantCulture)} on {Markup.Escape(p.Spare ?? "?")} (chosen by {Markup.Escape(p.Source)})");
            }

            await Task.Delay(1000, ct).ConfigureAwait(false);
        }

        // Read before the move: the source's run directory (with its serial log) goes when the session quits it.
        var lastOnSource = source.Serial.LatestProgress()?.Iteration ?? 0;
        step("injecting an overheating trend: cpu-temp 60 °C rising 1 °C/s towards its 95 °C critical limit");
        await File.WriteAllTextAsync(inject, "{ \"readings\": [ { \"check\": \"cpu-temp\", \"unit\": \"C\", \"start\": 60, \"ratePerSecond\": 1, \"end\": 95, \"warn\": 85, \"crit\": 95 } ] }", ct).ConfigureAwait(false);
        var predicted = await compute.WaitForLineAsync("Failure prediction (policy", TimeSpan.FromMinutes(2), ct).ConfigureAwait(false);
        step("  the node predicts: " + Markup.Escape(Tail(predicted, "Failure prediction")));
        var decision = compute.Lines.FirstOrDefault(l => l.Contains("Evacuation decision", StringComparison.Ordinal));
        if (decision is not null)
        {
            step("  " + Markup.Escape(Tail(decision, "Evacuation decision")));
        }

        var committed = await compute.WaitForLineAsync("before the predicted failure", TimeSpan.FromMinutes(3), ct).ConfigureAwait(false);
        step("  " + Markup.Escape(Tail(committed, "Migration")));
        var migrations = JsonSerializer.Deserialize(await compute.ShellAsync(ct, "migrations", "--node", compute.Admin, "--json").ConfigureAwait(false), AdminJsonContext.Default.MigrationsView)!;
        var m = migrations.Migrations.First(x => x.Guest == spec.Name);
        var destination = GuestRegistry.Find(spec.Name + "-dst") ?? throw new LabException("the migrated guest is not in the lab registry: " + string.Join('\n', spare.Lines.TakeLast(10)));
        var serial = new SerialLog(destination.SerialLog);
        var after = await serial.WaitForIterationAsync(lastOnSource + 2, TimeSpan.FromMinutes(2), cancellationToken: ct).ConfigureAwait(false);
        var expected = await FtwExpect.LineAsync(spec, after.Iteration, ct).ConfigureAwait(false);
        var correct = expected.Sum == after.Sum;
        step($"  guest computing on the spare: {Markup.Escape(after.ToString())}");
        step(correct
            ? $"  [green]checksum correct[/]: ftw expect recomputed iteration {after.Iteration} and got the same sum"
            : $"  [red]checksum WRONG[/]: expected {expected.Sum:x16}");
        var margin = Regex.Match(committed, @"; ([0-9.]+ s) before the predicted failure");
        return new FtResult(coverage, margin.Success ? margin.Groups[1].Value : "?", m.BytesOnWire, m.TotalMs, m.DowntimeMs, m.Rounds, m.Outcome == "committed" && !committed.Contains("LATE", StringComparison.Ordinal), correct);
    }

    private static async Task<(MigrationInfo Info, bool Correct)> PlainAsync(Action<string> step, string name, Topology topology, int memoryMiB, int matrixMiB, ILogger logger, CancellationToken ct)
    {
        var (compute, spare) = (topology.Node(1), topology.Node(2));
        var spec = new GuestSpec(name + "-plain") { MemoryMiB = memoryMiB, Workload = "readmostly", Mb = matrixMiB, NetworkNamespace = compute.Namespace };
        step($"plain QEMU: booting the same {memoryMiB} MiB guest on the compute node");
        await using var source = await QemuGuest.StartAsync(spec, logger, cancellationToken: ct).ConfigureAwait(false);
        await source.WaitForIterationAsync(3, TimeSpan.FromMinutes(5), ct).ConfigureAwait(false);
        var uri = PlainMigration.TcpUri(spare.Address, 4444);
        var destSpec = PlainMigration.DestinationSpec(spec, name + "-plain-dst", uri, spare.Namespace);
        await using var destination = await QemuGuest.StartAsync(destSpec, logger, cancellationToken: ct).ConfigureAwait(false);
        step("  moving it to the spare with QEMU's own live migration");
        var info = await PlainMigration.RunAsync(source.Qmp, destination.Qmp, uri, new PlainMigrationOptions(), ct).ConfigureAwait(false);
        if (info.Status != "completed")
        {
            step($"  [red]migration ended {Markup.Escape(info.Status)}[/] {Markup.Escape(info.ErrorDesc ?? "")}");
            return (info, false);
        }

        await PlainMigration.WaitForIncomingAsync(destination.Qmp, TimeSpan.FromMinutes(1), ct).ConfigureAwait(false);
        var moved = destination.Serial.LatestProgress()?.Iteration ?? 0;
        var after = await destination.WaitForIterationAsync(moved + 2, TimeSpan.FromMinutes(2), ct).ConfigureAwait(false);
        var expected = await FtwExpect.LineAsync(spec, after.Iteration, ct).ConfigureAwait(false);
        step($"  guest computing on the spare: {Markup.Escape(after.ToString())}" + (expected.Sum == after.Sum ? " [green](checksum correct)[/]" : " [red](checksum WRONG)[/]"));
        return (info, expected.Sum == after.Sum);
    }

    /// <summary>hocon/node.conf of the checkout the demo runs from (the directories above the CLI's build output).</summary>
    private static string FindNodeConfig()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "hocon", "node.conf");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new LabException($"the demo needs hocon/node.conf: expected it in a directory above {AppContext.BaseDirectory}, found none");
    }

    private static string Tail(string line, string from)
    {
        var i = line.IndexOf(from, StringComparison.Ordinal);
        return i < 0 ? line : line[i..];
    }

    private sealed record FtResult(double Coverage, string Margin, long Bytes, double TotalMs, double DowntimeMs, int Rounds, bool InTime, bool Correct);
}
