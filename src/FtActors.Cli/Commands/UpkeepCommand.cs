using System.CommandLine;
using System.Globalization;
using System.Net;
using FtActors.Configuration;
using Akka.Actor;
using FtActors.Lab.Guests;
using FtActors.Store;
using FtActors.Upkeep;

namespace FtActors.Cli.Commands;

/// <summary>
/// <c>ftactors upkeep run --guest NAME|--ram-file F --to SPARE:PORT</c>: runs one VmActor against a spare's
/// store feed (<c>ftactors store serve</c>) and prints a coverage line per scan, for the lab and benchmarks.
/// </summary>
internal static class UpkeepCommand
{
    /// <summary>
    /// Adds <c>run</c> to the <c>upkeep</c> group (the node shell's pause/resume/status live there too), creating
    /// the group when it does not exist yet.
    /// </summary>
    public static void AddRun(Command root)
    {
        Command? upkeep = root.Subcommands.FirstOrDefault(c => c.Name == "upkeep");
        if (upkeep is null)
        {
            upkeep = new Command("upkeep", "Keep a spare's page store current from a running guest.");
            root.Subcommands.Add(upkeep);
        }

        upkeep.Subcommands.Add(BuildRun());
    }

    private static Command BuildRun()
    {
        var guest = new Option<string?>("--guest") { Description = "A lab guest on this node (fills --ram-file and the guest name)." };
        var ram = new Option<string?>("--ram-file") { Description = "The guest's shared RAM file (read-only)." };
        var name = new Option<string?>("--name") { Description = "Guest name in the spare's store (default: --guest, or the RAM file's name)." };
        var to = new Option<string>("--to") { Description = "The spare's store feed, IP:PORT.", Required = true };
        var budget = new Option<string>("--budget") { Description = "Bandwidth budget per second (HOCON size).", DefaultValueFactory = _ => "64MiB" };
        var interval = new Option<string>("--interval") { Description = "Scan interval (HOCON duration).", DefaultValueFactory = _ => "2s" };
        var stable = new Option<int>("--stable-scans") { Description = "K: scans a page must stay unchanged before it ships (1 = every non-zero page).", DefaultValueFactory = _ => 1 };
        var scanRate = new Option<string>("--scan-rate") { Description = "Most bytes per second a scan reads (HOCON size).", DefaultValueFactory = _ => "256MiB" };
        var scans = new Option<int>("--scans") { Description = "Stop after this many scans (0 = until Ctrl-C).", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "One JSON object per scan." };
        var cert = MigrateCommand.TlsCertOption();
        var ca = MigrateCommand.TlsCaOption();
        var run = new Command("run", "Scan the guest every interval and feed the spare; prints coverage per scan.");
        foreach (Option o in new Option[] { guest, ram, name, to, budget, interval, stable, scanRate, scans, json, cert, ca })
        {
            run.Options.Add(o);
        }

        run.SetAction((parse, ct) => MigrateCommand.GuardAsync("upkeep run", () => GuardUpkeepAsync("upkeep run", async () =>
        {
            GuestState? state = parse.GetValue(guest) is { } g ? GuestRegistry.Find(g) ?? throw new ArgumentException($"--guest: no running lab guest named '{g}'") : null;
            string ramPath = parse.GetValue(ram) ?? state?.RamFile ?? throw new ArgumentException("give --guest or --ram-file");
            string guestName = parse.GetValue(name) ?? parse.GetValue(guest) ?? Path.GetFileNameWithoutExtension(ramPath);
            IPEndPoint spare = IPEndPoint.TryParse(parse.GetValue(to)!, out IPEndPoint? ep) ? ep : throw new ArgumentException($"--to: expected IP:PORT, found '{parse.GetValue(to)}'");
            var settings = new UpkeepSettings
            {
                BandwidthBudget = Size("--budget", parse.GetValue(budget)),
                ScanInterval = Duration("--interval", parse.GetValue(interval)),
                StableScans = parse.GetValue(stable),
                ScanRate = Size("--scan-rate", parse.GetValue(scanRate)),
            };
            settings.Validate();
            var tls = MigrateCommand.Tls(parse.GetValue(cert), parse.GetValue(ca));
            long ramBytes = new FileInfo(ramPath).Length;
            int stopAfter = parse.GetValue(scans);
            bool asJson = parse.GetValue(json);

            using var loggers = LabOutput.CreateLoggerFactory();
            await using var local = LocalActorSystem.Create("ftactors-upkeep", loggers);
            var system = local.System;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            IActorRef printer = system.ActorOf(Props.Create(() => new CoveragePrinter(asJson, stopAfter, done)));
            system.EventStream.Subscribe(printer, typeof(UpkeepCycleCompleted));
            system.ActorOf(VmActor.Props(guestName, ramPath,
                async c => await StoreFeedClient.ConnectAsync(spare, guestName, ramBytes, tls, c).ConfigureAwait(false), settings,
                logger: loggers.CreateLogger("upkeep")), "vm-" + guestName);
            try
            {
                await done.Task.WaitAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C: stop like --scans would.
            }

            return CliApp.ExitOk;
        })));
        return run;
    }

    /// <summary>Turns upkeep errors (bad feed, busy port) into one line on stderr and exit code 2.</summary>
    internal static async Task<int> GuardUpkeepAsync(string what, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (UpkeepException e)
        {
            Console.Error.WriteLine($"{what}: {e.Message}");
            return CliApp.ExitUsage;
        }
    }

    internal static long Size(string option, string? text) =>
        HoconUnits.TryParseSize(text, out long v) && v > 0 ? v : throw new ArgumentException($"{option}: expected a size such as 64MiB, found '{text}'");

    private static TimeSpan Duration(string option, string? text) =>
        HoconUnits.TryParseDuration(text, out TimeSpan v) && v > TimeSpan.Zero ? v : throw new ArgumentException($"{option}: expected a duration such as 2s, found '{text}'");

    /// <summary>
    /// Prints each cycle as a line: coverage at the scan (before shipping: what the spare held of the guest as it
    /// looked then) and after shipping; completes <c>done</c> after the asked number of scans.
    /// </summary>
    private sealed class CoveragePrinter : ReceiveActor
    {
        private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;
        private readonly bool _json;
        private readonly int _stopAfter;
        private readonly TaskCompletionSource _done;
        private int _count;

        // Akka takes handlers only while the actor is constructed (or in Become).
        public CoveragePrinter(bool json, int stopAfter, TaskCompletionSource done)
        {
            _json = json;
            _stopAfter = stopAfter;
            _done = done;
            Receive<UpkeepCycleCompleted>(Print);
        }

        private void Print(UpkeepCycleCompleted c)
        {
            _count++;
            CoverageReport r = c.Coverage;
            double t = (r.At - _start).TotalSeconds;
            Console.Out.WriteLine(_json
                ? string.Create(CultureInfo.InvariantCulture,
                    $"{{\"scan\":{_count},\"t\":{t:F2},\"guest\":\"{r.Guest}\",\"spare\":\"{r.Spare}\",\"nonZeroPages\":{r.NonZeroPages},\"heldAtScan\":{r.HeldAtScan},\"coverageAtScan\":{r.CoverageAtScan:F4},\"heldPages\":{r.HeldPages},\"coverage\":{r.Coverage:F4},\"pagesSent\":{c.PagesSent},\"bytesSent\":{c.BytesSent},\"scanMs\":{c.ScanDuration.TotalMilliseconds:F0},\"shipMs\":{c.ShipDuration.TotalMilliseconds:F0}}}")
                : string.Create(CultureInfo.InvariantCulture,
                    $"scan {_count,4}  t={t,8:F1}s  non-zero {r.NonZeroPages,9}  coverage at scan {r.CoverageAtScan:F4}  sent {c.PagesSent,8} pages  coverage after {r.Coverage:F4}"));
            if (c.Error is not null)
            {
                Console.Error.WriteLine($"upkeep run: scan {_count}: shipping failed, reconnecting at the next scan: {c.Error}");
            }

            if (_stopAfter > 0 && _count >= _stopAfter)
            {
                _done.TrySetResult();
            }
        }
    }
}
