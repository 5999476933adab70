using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FtActors.Lab;
using FtActors.Lab.Guests;

namespace FtActors.Cli.Commands;

/// <summary><c>ftactors lab guest build|start|list|stop|log</c>.</summary>
internal static class LabGuestCommands
{
    public static Command Build()
    {
        var guest = new Command("guest", "Build the guest image; start, list, stop lab guests; read their serial console.");
        guest.Subcommands.Add(BuildBuild());
        guest.Subcommands.Add(BuildStart());
        guest.Subcommands.Add(BuildList());
        guest.Subcommands.Add(BuildStop());
        guest.Subcommands.Add(BuildLog());
        return guest;
    }

    private static Command BuildBuild()
    {
        var command = new Command("build", "Build the guest kernel + initramfs + host ftw (scripts/build-guest.sh); a no-op when up to date.");
        command.SetAction((parse, ct) => LabOutput.GuardAsync("lab guest build", async () =>
        {
            var script = Path.Combine(LabPaths.RepoRoot, "scripts", "build-guest.sh");
            if (!File.Exists(script))
            {
                Console.Error.WriteLine($"lab guest build: expected {script}, found no such file");
                return CliApp.ExitUsage;
            }

            // The script's progress goes straight to our stderr; its exit status is ours.
            using var p = Process.Start(new ProcessStartInfo("bash", [script]) { UseShellExecute = false })
                ?? throw new LabException("could not start bash");
            await p.WaitForExitAsync(ct).ConfigureAwait(false);
            return p.ExitCode;
        }));
        return command;
    }

    private static Command BuildStart()
    {
        var name = new Option<string>("--name") { Description = "Guest name (run directory .lab/run/NAME).", Required = true };
        var memory = new Option<int>("--memory") { Description = "Guest RAM in MiB.", DefaultValueFactory = _ => 1024 };
        var workload = new Option<string>("--workload") { Description = "idle, readmostly, stencil or fillfree.", DefaultValueFactory = _ => "idle" };
        var mb = new Option<int>("--mb") { Description = "Workload data size in MiB." };
        var iterations = new Option<long>("--iterations") { Description = "Stop the workload after N iterations (0: run forever)." };
        var vectorKb = new Option<int>("--vector-kb") { Description = "readmostly vector size in KiB.", DefaultValueFactory = _ => 64 };
        var rewriteEvery = new Option<long>("--rewrite-every") { Description = "readmostly: every N iterations rewrite a slice of the matrix (0: never)." };
        var rewriteMb = new Option<int>("--rewrite-mb") { Description = "readmostly: MiB of the matrix each rewrite replaces (with --rewrite-every)." };
        var machine = new Option<string>("--machine") { Description = "QEMU machine type.", DefaultValueFactory = _ => "pc" };
        var balloon = new Option<bool>("--balloon") { Description = "Add virtio-balloon with free-page reporting." };
        var hint = new Option<bool>("--free-page-hint") { Description = "Add virtio-balloon with free-page hinting." };
        var anonymous = new Option<bool>("--anonymous-ram") { Description = "Use QEMU's anonymous RAM instead of a shared file backend." };
        var ramPath = new Option<string?>("--ram-path") { Description = "Shared RAM file (default .lab/run/NAME/ram)." };
        var netns = new Option<string?>("--netns") { Description = "Run QEMU inside this network namespace." };
        var incoming = new Option<string?>("--incoming") { Description = "Wait for a migration: defer, tcp:IP:PORT, unix:PATH." };
        var paused = new Option<bool>("--paused") { Description = "Start with vCPUs stopped (-S)." };
        var keep = new Option<bool>("--keep") { Description = "Keep the run directory (serial log, RAM file) when the guest stops." };
        var accel = new Option<string>("--accel") { Description = "tcg, kvm, or auto (probe whether KVM really boots a guest).", DefaultValueFactory = _ => "tcg" };
        var waitReady = new Option<bool>("--wait-ready") { Description = "Return only after the workload printed its ready line." };
        var qemu = new Option<string>("--qemu") { Description = "QEMU binary.", DefaultValueFactory = _ => "qemu-system-x86_64" };
        var command = new Command("start", "Start a lab guest in the background; it keeps running after this command returns.");
        foreach (var o in new Option[] { name, memory, workload, mb, iterations, vectorKb, rewriteEvery, rewriteMb, machine, balloon, hint, anonymous, ramPath, netns, incoming, paused, keep, accel, waitReady, qemu })
        {
            command.Options.Add(o);
        }

        command.SetAction((parse, ct) => LabOutput.GuardAsync("lab guest start", async () =>
        {
            var accelText = parse.GetValue(accel) ?? "tcg";
            Accelerator accelerator;
            switch (accelText)
            {
                case "tcg": accelerator = Accelerator.Tcg; break;
                case "kvm": accelerator = Accelerator.Kvm; break;
                case "auto":
                    accelerator = await KvmProbe.WorksAsync(TimeSpan.FromSeconds(15), ct).ConfigureAwait(false) ? Accelerator.Kvm : Accelerator.Tcg;
                    Console.Error.WriteLine($"lab guest start: --accel auto chose {accelerator.ToString().ToLowerInvariant()}");
                    break;
                default:
                    Console.Error.WriteLine($"lab guest start: --accel expects tcg, kvm or auto, found '{accelText}'");
                    return CliApp.ExitUsage;
            }

            var spec = new GuestSpec(parse.GetValue(name)!)
            {
                MemoryMiB = parse.GetValue(memory),
                Workload = parse.GetValue(workload)!,
                Mb = parse.GetValue(mb),
                Iterations = parse.GetValue(iterations),
                VectorKb = parse.GetValue(vectorKb),
                RewriteEvery = parse.GetValue(rewriteEvery),
                RewriteMb = parse.GetValue(rewriteMb),
                Machine = parse.GetValue(machine)!,
                BalloonFreePageReporting = parse.GetValue(balloon),
                BalloonFreePageHint = parse.GetValue(hint),
                Ram = parse.GetValue(anonymous) ? RamBacking.Anonymous : RamBacking.SharedFile,
                RamPath = parse.GetValue(ramPath),
                NetworkNamespace = parse.GetValue(netns),
                Incoming = parse.GetValue(incoming),
                StartPaused = parse.GetValue(paused),
                KeepRunDirectory = parse.GetValue(keep),
                Accelerator = accelerator,
                QemuBinary = parse.GetValue(qemu)!,
            };
            using var logs = LabOutput.CreateLoggerFactory();
            var guest = await QemuGuest.StartAsync(spec, logs.CreateLogger("lab"), cancellationToken: ct).ConfigureAwait(false);
            try
            {
                if (parse.GetValue(waitReady) && spec.Incoming is null && !spec.StartPaused)
                {
                    var line = await guest.WaitForReadyAsync(TimeSpan.FromMinutes(5), ct).ConfigureAwait(false);
                    Console.Error.WriteLine($"lab guest start: {line}");
                }
            }
            catch
            {
                await guest.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            LabOutput.Table(
                ["name", "pid", "qmp", "serial", "ram"],
                [[spec.Name, guest.Pid.ToString(CultureInfo.InvariantCulture), guest.State.QmpSocket, guest.State.SerialLog, guest.RamPath ?? "anonymous"]]);
            await guest.DetachAsync().ConfigureAwait(false);
            return CliApp.ExitOk;
        }));
        return command;
    }

    private static Command BuildList()
    {
        var json = new Option<bool>("--json") { Description = "Write the list as JSON." };
        var command = new Command("list", "List running lab guests (stale entries are removed).");
        command.Options.Add(json);
        command.SetAction((parse, ct) => LabOutput.GuardAsync("lab guest list", () =>
        {
            var guests = GuestRegistry.List();
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(guests.Select(g => new Dictionary<string, object?>
                {
                    ["name"] = g.Name, ["pid"] = g.Pid, ["workload"] = g.Workload, ["memoryMiB"] = g.MemoryMiB, ["mb"] = g.Mb,
                    ["namespace"] = g.Namespace, ["qmp"] = g.QmpSocket, ["serial"] = g.SerialLog, ["ram"] = g.RamFile, ["incoming"] = g.Incoming,
                }).ToList()));
                return Task.FromResult(CliApp.ExitOk);
            }

            LabOutput.Table(
                ["name", "pid", "workload", "memory", "netns", "progress", "qmp"],
                guests.Select(g => new[]
                {
                    g.Name, g.Pid.ToString(CultureInfo.InvariantCulture), $"{g.Workload} {g.Mb} MiB", $"{g.MemoryMiB} MiB", g.Namespace ?? "-",
                    new SerialLog(g.SerialLog).LatestProgress()?.ToString() ?? (g.Incoming is null ? "booting" : "incoming " + g.Incoming),
                    g.QmpSocket,
                }));
            return Task.FromResult(CliApp.ExitOk);
        }));
        return command;
    }

    private static Command BuildStop()
    {
        var name = new Argument<string?>("name") { Description = "Guest to stop.", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Stop every lab guest." };
        var command = new Command("stop", "Stop a lab guest (SIGTERM, SIGKILL after 5 s) and remove its run directory unless it was started with --keep.");
        command.Arguments.Add(name);
        command.Options.Add(all);
        command.SetAction((parse, ct) => LabOutput.GuardAsync("lab guest stop", async () =>
        {
            var n = parse.GetValue(name);
            if (parse.GetValue(all) == (n is not null))
            {
                Console.Error.WriteLine("lab guest stop: give either a guest name or --all");
                return CliApp.ExitUsage;
            }

            if (n is null)
            {
                foreach (var g in await GuestRegistry.StopAllAsync(TimeSpan.FromSeconds(5), cancellationToken: ct).ConfigureAwait(false))
                {
                    Console.Out.WriteLine($"stopped {g}");
                }

                return CliApp.ExitOk;
            }

            if (!await GuestRegistry.StopAsync(n, TimeSpan.FromSeconds(5), cancellationToken: ct).ConfigureAwait(false))
            {
                Console.Error.WriteLine($"lab guest stop: no running guest named '{n}' (see `ftactors lab guest list`)");
                return CliApp.ExitFailed;
            }

            Console.Out.WriteLine($"stopped {n}");
            return CliApp.ExitOk;
        }));
        return command;
    }

    private static Command BuildLog()
    {
        var name = new Argument<string>("name") { Description = "Guest whose serial console to print." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines until the guest stops or Ctrl-C." };
        var command = new Command("log", "Print a guest's serial console.");
        command.Arguments.Add(name);
        command.Options.Add(follow);
        command.SetAction((parse, ct) => LabOutput.GuardAsync("lab guest log", async () =>
        {
            var n = parse.GetValue(name)!;
            var state = GuestRegistry.Find(n);
            var path = state?.SerialLog ?? Path.Combine(LabPaths.RunDir, n, "serial.log");
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"lab guest log: no serial log for '{n}': expected {path}, found none");
                return CliApp.ExitFailed;
            }

            var log = new SerialLog(path);
            var printed = 0;
            while (true)
            {
                var lines = log.ReadLines();
                foreach (var line in lines.Skip(printed))
                {
                    Console.Out.WriteLine(line);
                }

                printed = lines.Count;
                if (!parse.GetValue(follow) || state is null || !state.IsAlive)
                {
                    return CliApp.ExitOk;
                }

                try
                {
                    await Task.Delay(200, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return CliApp.ExitOk;
                }
            }
        }));
        return command;
    }
}
