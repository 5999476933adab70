using System.CommandLine;
using System.Globalization;
using FtActors.Lab.Migration;
using FtActors.Lab.Topologies;

namespace FtActors.Cli.Commands;

/// <summary>
/// <c>ftactors lab bench-migrate</c> (hidden): one baseline run of plain QEMU migration between two
/// namespace nodes, printed as a markdown table row for scripts/bench-baselines.sh.
/// </summary>
internal static class LabBenchCommand
{
    /// <summary>The header matching the rows this command prints.</summary>
    public const string Header =
        "| workload | data MiB | guest MiB | link | mode | status | RAM transferred MB | RAM total MB | total time ms | downtime ms | setup ms | dirty syncs | boot to ready s | boot to iter 1 s | sums after move |\n" +
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

    public static Command Build()
    {
        var workload = new Option<string>("--workload") { Description = "idle, readmostly, stencil.", DefaultValueFactory = _ => "idle" };
        var mb = new Option<int>("--mb") { Description = "Workload data MiB." };
        var memory = new Option<int>("--memory") { Description = "Guest RAM MiB.", DefaultValueFactory = _ => 1024 };
        var rate = new Option<string>("--rate") { Description = "Link rate.", DefaultValueFactory = _ => "1gbit" };
        var mode = new Option<string>("--mode") { Description = "live, stop-and-copy or ignore-shared.", DefaultValueFactory = _ => "live" };
        var giveUp = new Option<int>("--give-up") { Description = "Seconds before a migration is cancelled as not converging.", DefaultValueFactory = _ => 60 };
        var bandwidth = new Option<long>("--max-bandwidth") { Description = "QEMU max-bandwidth in bytes/s.", DefaultValueFactory = _ => 10_000_000_000L };
        var header = new Option<bool>("--header") { Description = "Print the table header and exit." };
        var command = new Command("bench-migrate", "Baseline: plain QEMU migration between two namespace nodes (prints a markdown row).") { Hidden = true };
        foreach (var o in new Option[] { workload, mb, memory, rate, mode, giveUp, bandwidth, header })
        {
            command.Options.Add(o);
        }

        command.SetAction((parse, ct) => LabOutput.GuardAsync("lab bench-migrate", async () =>
        {
            if (parse.GetValue(header))
            {
                Console.Out.WriteLine(Header);
                return CliApp.ExitOk;
            }

            var modeText = parse.GetValue(mode)!;
            BaselineMode m;
            switch (modeText)
            {
                case "live": m = BaselineMode.Live; break;
                case "stop-and-copy": m = BaselineMode.StopAndCopy; break;
                case "ignore-shared": m = BaselineMode.IgnoreShared; break;
                default:
                    Console.Error.WriteLine($"lab bench-migrate: --mode expects live, stop-and-copy or ignore-shared, found '{modeText}'");
                    return CliApp.ExitUsage;
            }

            var bench = new BaselineCase(
                parse.GetValue(workload)!, parse.GetValue(mb), parse.GetValue(memory), LinkRate.Parse(parse.GetValue(rate)!), m,
                TimeSpan.FromSeconds(parse.GetValue(giveUp)), parse.GetValue(bandwidth));
            using var logs = LabOutput.CreateLoggerFactory();
            var r = await BaselineBench.RunAsync(bench, logs.CreateLogger("bench"), ct).ConfigureAwait(false);
            var i = r.Migration;
            var status = i.Status == "completed" ? "completed" : $"gave up after {bench.GiveUpAfter.TotalSeconds:0} s ({i.Status})";
            var row = new[]
            {
                bench.Workload, bench.Mb.ToString(CultureInfo.InvariantCulture), bench.MemoryMiB.ToString(CultureInfo.InvariantCulture), bench.Rate.Text, modeText, status,
                LabOutput.Mb(i.RamTransferred), LabOutput.Mb(i.RamTotal), LabOutput.N(i.TotalTimeMs), LabOutput.N(i.DowntimeMs), LabOutput.N(i.SetupTimeMs),
                LabOutput.N(i.DirtySyncCount),
                r.BootToReady.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture),
                r.BootToFirstIteration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture),
                r.SumsVerified switch { true => "correct", false => "WRONG", null => "-" },
            };
            Console.Out.WriteLine("| " + string.Join(" | ", row) + " |");
            Console.Error.WriteLine($"lab bench-migrate: QEMU {r.QemuVersion}, guest ready at guest ms {r.GuestReadyMs}");
            return r.SumsVerified == false ? CliApp.ExitFailed : CliApp.ExitOk;
        }));
        return command;
    }
}
