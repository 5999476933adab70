using System.CommandLine;
using System.Text.Json;
using Akka.Actor;
using Akka.Persistence;
using FtActors.Lab.Guests;
using FtActors.Migration.Session;
using FtActors.Pages;
using Microsoft.Extensions.Logging;

namespace FtActors.Cli.Commands;

/// <summary>
/// <c>migrate send --guest NAME|--qmp SOCK --ram-file F --to IP:PORT</c>: runs a MigrationSession actor
/// for a guest on this node, prints each round, and ends with the report (<c>--json</c> for machines).
/// </summary>
internal static class MigrateSendCommand
{
    public static Command Build()
    {
        var guest = new Option<string?>("--guest") { Description = "A lab guest on this node (fills --qmp, --ram-file, --memory, --workload, --mb)." };
        var qmp = new Option<string?>("--qmp") { Description = "The source QEMU's QMP socket." };
        var ram = new Option<string?>("--ram-file") { Description = "The source guest's shared RAM file." };
        var to = new Option<string>("--to") { Description = "The receiver's page address, IP:PORT.", Required = true };
        var memory = new Option<int?>("--memory") { Description = "Guest RAM in MiB (default: the RAM file's size)." };
        var workload = new Option<string?>("--workload") { Description = "Lab workload, rebuilt at the destination." };
        var mb = new Option<int?>("--mb") { Description = "Lab workload size in MiB." };
        var vectorKb = new Option<int>("--vector-kb") { Description = "Lab workload vector KiB.", DefaultValueFactory = _ => 64 };
        var maxRounds = new Option<int>("--max-rounds") { Description = "Live rounds after round 0 at most.", DefaultValueFactory = _ => 6 };
        var downtime = new Option<int>("--downtime-ms") { Description = "Downtime target for the convergence rule.", DefaultValueFactory = _ => 300 };
        var deadline = new Option<double?>("--deadline-s") { Description = "Whole-session deadline (time to the predicted failure)." };
        var paused = new Option<bool>("--leave-destination-paused") { Description = "Do not resume the destination at commit (for byte comparisons)." };
        var keepSource = new Option<bool>("--keep-source") { Description = "Do not quit the source QEMU at commit." };
        var noVerify = new Option<bool>("--no-verify") { Description = "Skip the whole-RAM digest comparison after the final round." };
        var ackTimeout = new Option<double>("--ack-timeout-s") { Description = "Abort when the receiver acks nothing for this long.", DefaultValueFactory = _ => 30 };
        var json = new Option<bool>("--json") { Description = "Write the final report as JSON to stdout." };
        var connections = new Option<int>("--connections") { Description = "Page connections in parallel, each streaming one range of frames.", DefaultValueFactory = _ => MigrationOptions.DefaultConnections };
        var tracking = new Option<DirtyTrackingMode>("--dirty-tracking") { Description = "How later rounds find changed pages: Auto (soft-dirty where the kernel keeps it, else hashing), Hash, SoftDirty.", DefaultValueFactory = _ => DirtyTrackingMode.Auto };
        var pid = new Option<int?>("--qemu-pid") { Description = "The source QEMU's pid, for soft-dirty tracking (default: from the lab registry with --guest)." };
        var cert = MigrateCommand.TlsCertOption();
        var ca = MigrateCommand.TlsCaOption();
        var command = new Command("send", "Move a running guest from this node to the receiver at --to.");
        foreach (var o in new Option[] { guest, qmp, ram, to, memory, workload, mb, vectorKb, maxRounds, downtime, deadline, paused, keepSource, noVerify, ackTimeout, json, connections, tracking, pid, cert, ca })
        {
            command.Options.Add(o);
        }

        command.SetAction((parse, ct) => MigrateCommand.GuardAsync("migrate send", async () =>
        {
            var state = parse.GetValue(guest) is { } g ? GuestRegistry.Find(g) ?? throw new ArgumentException($"--guest: no running lab guest named '{g}'") : null;
            var qmpPath = parse.GetValue(qmp) ?? state?.QmpSocket ?? throw new ArgumentException("give --guest or --qmp");
            var ramPath = parse.GetValue(ram) ?? state?.RamFile ?? throw new ArgumentException("give --guest or --ram-file (the guest must use a shared RAM file)");
            if (!File.Exists(ramPath))
            {
                throw new ArgumentException($"--ram-file: expected an existing file, found nothing at {ramPath}");
            }

            var endpoint = MigrateCommand.Endpoint(parse.GetValue(to)!, "--to");
            var options = new MigrationOptions
            {
                Guest = state?.Name ?? Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(ramPath))) ?? "guest",
                QmpSocket = qmpPath,
                RamFile = ramPath,
                Host = endpoint.Address.ToString(),
                Port = endpoint.Port,
                MemoryMiB = parse.GetValue(memory) ?? state?.MemoryMiB ?? (int)(new FileInfo(ramPath).Length >> 20),
                Workload = parse.GetValue(workload) ?? state?.Workload ?? "idle",
                Mb = parse.GetValue(mb) ?? state?.Mb ?? 0,
                VectorKb = parse.GetValue(vectorKb),
                MaxRounds = parse.GetValue(maxRounds),
                DowntimeTarget = TimeSpan.FromMilliseconds(parse.GetValue(downtime)),
                Deadline = parse.GetValue(deadline) is { } d ? TimeSpan.FromSeconds(d) : null,
                ResumeDestination = !parse.GetValue(paused),
                QuitSource = !parse.GetValue(keepSource),
                VerifyDigest = !parse.GetValue(noVerify),
                AckTimeout = TimeSpan.FromSeconds(parse.GetValue(ackTimeout)),
                Tls = MigrateCommand.Tls(parse.GetValue(cert), parse.GetValue(ca)),
                Connections = parse.GetValue(connections),
                DirtyTracking = parse.GetValue(tracking),
                QemuPid = parse.GetValue(pid) ?? state?.Pid,
            };
            options.Validate();

            using var loggers = LabOutput.CreateLoggerFactory();
            PageEngines.UseLogging(loggers);
            await using var local = LocalActorSystem.Create("ftactors-migrate", loggers);
            var system = local.System;
            var finished = new TaskCompletionSource<MigrationReport>(TaskCreationOptions.RunContinuationsAsynchronously);
            var reporter = system.ActorOf(Props.Create(() => new ReporterActor(finished)), "reporter");
            var session = system.ActorOf(MigrationSessionActor.Props(options, Guid.NewGuid(), PageEngines.Default, loggers.CreateLogger<MigrationSessionActor>()), "migration");
            using var cancel = ct.Register(() => session.Tell(new AbortMigration("cancelled by the operator")));
            session.Tell(new StartMigration(), reporter);
            var report = await finished.Task.ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(report, MigrationJsonContext.Default.MigrationReport));
            }
            else
            {
                Console.Out.WriteLine(
                    $"{report.Outcome}{(report.Reason is null ? string.Empty : ": " + report.Reason)}; {report.Rounds} rounds, " +
                    $"{LabOutput.Mb(report.BytesOnWire)} MB on the wire (+{LabOutput.Mb(report.DeviceStateBytes)} MB device state), " +
                    $"{LabOutput.N(report.PagesSent)} pages sent, {LabOutput.N(report.PagesReferenced)} referenced, {LabOutput.N(report.ZeroPages)} zero; " +
                    $"downtime {report.DowntimeMs:0} ms, total {report.TotalMs:0} ms (device state moved after {report.MigrationMs:0} ms); " +
                    $"{report.Connections} connection(s), dirty tracking {report.DirtyTracking}; phases " +
                    string.Join(", ", report.PhasesMs.Select(p => $"{p.Key} {p.Value:0} ms")));
            }

            return report.Outcome == "committed" ? CliApp.ExitOk : CliApp.ExitFailed;
        }));
        return command;
    }

    /// <summary>Prints progress to stderr and completes the task with the final report.</summary>
    private sealed class ReporterActor : ReceiveActor
    {
        public ReporterActor(TaskCompletionSource<MigrationReport> finished)
        {
            Receive<MigrationProgress>(p => Console.Error.WriteLine($"[{p.State}] {p.Text}"));
            Receive<MigrationFinished>(f => { finished.TrySetResult(f.Report); });
            // Round lines already say what each round did; the in-round ticks are for progress bars.
            Receive<MigrationRoundProgress>(_ => { });
        }
    }
}
