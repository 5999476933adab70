using System.CommandLine;
using System.Text.Json;
using FtActors.Images;
using FtActors.Store;
using static FtActors.Cli.Commands.CompareCommand;

namespace FtActors.Cli.Commands;

/// <summary>
/// <c>store build STORE --guest G IMAGE...</c> creates a store from snapshots of one guest (oldest first);
/// <c>store add</c> scans a guest into an existing store, continuing its stability counts.
/// </summary>
internal static class StoreBuildCommand
{
    public static Command Build(bool create)
    {
        var store = StoreCommand.StoreArgument();
        var images = new Argument<string[]>("images")
        {
            Description = "Snapshots of the guest, oldest first: raw dumps, running guests' shared RAM files, or any image FtActors reads.",
            Arity = ArgumentArity.OneOrMore,
        };
        var guest = new Option<string>("--guest") { Description = "The guest's name in the store.", Required = true };
        var policy = new Option<string>("--policy")
        {
            Description = "all: every non-zero page; k-of-n: content in at least --k of the snapshots; stable: unchanged at its frame for --min-scans scans.",
            DefaultValueFactory = _ => "all",
        };
        policy.AcceptOnlyFromAmong("all", "k-of-n", "stable");
        var k = new Option<int>("--k") { Description = "For k-of-n: snapshots a page must appear in (default: all of them)." };
        var minScans = new Option<int>("--min-scans") { Description = "For stable: consecutive scans a frame must keep its content (default 2).", DefaultValueFactory = _ => 2 };
        var budget = new Option<string?>("--budget") { Description = "Keep at most this much for the guest, most stable first: e.g. 256MiB." };
        var format = new Option<string?>("--format") { Description = "Force the image format (raw, shared-ram, elf, qemu-stream, ...) instead of detecting it." };
        var json = StoreCommand.JsonOption();
        var command = create
            ? new Command("build", "Create a store from snapshots of a guest, selecting pages by policy.")
            : new Command("add", "Scan a guest (new, or again) into an existing store; pages are only added, use gc to drop old ones.");
        command.Arguments.Add(store);
        command.Arguments.Add(images);
        foreach (Option o in new Option[] { guest, policy, k, minScans, budget, format, json })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse => StoreCommand.Guard(command.Name, () =>
        {
            string[] paths = parse.GetValue(images) ?? [];
            long? budgetBytes = null;
            if (parse.GetValue(budget) is string b)
            {
                if (!ByteSize.TryParse(b, out long bytes, out string error))
                {
                    Console.Error.WriteLine($"store {command.Name}: --budget: {error}");
                    return CliApp.ExitUsage;
                }

                budgetBytes = bytes;
            }

            string? formatName = parse.GetValue(format);
            ImageFormat? forced = formatName is null ? null : ImageReader.ParseName(formatName)
                ?? throw new ArgumentException($"--format: unknown format '{formatName}'");
            SelectionPolicy chosen = parse.GetValue(policy) switch
            {
                "k-of-n" => SelectionPolicy.KOfN,
                "stable" => SelectionPolicy.Stable,
                _ => SelectionPolicy.All,
            };
            int kValue = parse.GetValue(k) is int kv && kv > 0 ? kv : paths.Length;
            var options = new SelectionOptions(chosen, kValue, parse.GetValue(minScans), budgetBytes);
            return Run(create, parse.GetValue(store)!, parse.GetValue(guest)!, paths, forced, options, parse.GetValue(json));
        }));
        return command;
    }

    private static int Run(bool create, string directory, string guest, string[] paths, ImageFormat? format, SelectionOptions options, bool json)
    {
        var sources = new List<IPageSource>();
        try
        {
            foreach (string path in paths)
            {
                sources.Add(GuestImagePageSource.Open(path, format));
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            using PageStoreWriter writer = create ? PageStoreWriter.Create(directory) : PageStoreWriter.Open(directory);
            SelectionReport report = writer.AddScan(guest, sources, options, DateTimeOffset.UtcNow);
            StoreIdentity identity = writer.Commit();
            clock.Stop();
            if (json)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new StoreScanResult(identity.ToString(), clock.Elapsed.TotalSeconds, report), StoreJsonContext.Default.StoreScanResult));
                return CliApp.ExitOk;
            }

            Render(report);
            double gbps = report.BytesRead / clock.Elapsed.TotalSeconds / 1e9;
            Console.Out.WriteLine($"Committed {identity} in {clock.Elapsed.TotalSeconds:F2} s ({gbps:F2} GB/s of guest memory read).");
            return CliApp.ExitOk;
        }
        finally
        {
            sources.ForEach(s => s.Dispose());
        }
    }

    private static void Render(SelectionReport r)
    {
        var table = new Table2(["outcome", "reason", "frames", "distinct pages", "bytes"]);
        foreach (SelectionReason reason in r.Reasons)
        {
            table.Add([reason.Selected ? "selected" : "left out", reason.Reason, N(reason.Frames), N(reason.DistinctPages), ByteSize.Format(reason.Bytes)]);
        }

        table.Add(["left out", "zero page", N(r.ZeroFrames), r.ZeroFrames > 0 ? "1" : "0", "0 B"]);
        table.Write($"Selection for guest '{r.Guest}': {r.Policy}, {r.Snapshots} snapshot(s), {N(r.Frames)} frames in the latest");
        Console.Out.WriteLine(
            $"Selected {N(r.SelectedPages)} distinct pages ({ByteSize.Format(r.SelectedPages * 4096)}): {N(r.SharedPages)} already in the store, " +
            $"{N(r.NewPages)} written ({ByteSize.Format(r.NewBytes)}); {N(r.ChangedDuringScan)} changed during the scan; {ByteSize.Format(r.BytesRead)} read.");
    }
}
