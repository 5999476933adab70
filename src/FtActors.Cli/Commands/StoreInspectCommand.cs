using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FtActors.Store;
using static FtActors.Cli.Commands.CompareCommand;

namespace FtActors.Cli.Commands;

/// <summary><c>store inspect STORE</c>: header, versions, pages, bytes, guests and the dedup ratio.</summary>
internal static class StoreInspectCommand
{
    public static Command Build()
    {
        var store = StoreCommand.StoreArgument();
        var json = StoreCommand.JsonOption();
        var command = new Command("inspect", "Show a store's header, size, guests and how much sharing saves.");
        command.Arguments.Add(store);
        command.Options.Add(json);
        command.SetAction(parse => StoreCommand.Guard("inspect", () =>
        {
            using PageStore s = PageStore.Open(parse.GetValue(store)!);
            long references = 0;
            var guests = new List<StoreGuestInfo>();
            foreach (GuestSummary g in s.Guests)
            {
                long distinct = s.ReadGuestMap(g.Name).Where(e => e.Selected).Select(e => e.Hash).Distinct().LongCount();
                references += distinct;
                guests.Add(new StoreGuestInfo(g.Name, g.Scans, g.LastScan, g.MappedFrames, g.SelectedFrames, distinct));
            }

            var info = new StoreInfo(
                s.Directory, s.Identity.StoreId.ToString("N"), s.Identity.Generation, s.FormatVersion, s.CommittedAt, "XXH3-128",
                s.PageCount, s.PageCount * 4096L, s.PageSlots, s.FreeSlots, s.PagesFileBytes, s.ManifestBytes, s.IndexBytes,
                s.PageCount == 0 ? 0 : (double)s.IndexBytes / s.PageCount,
                s.PageCount == 0 ? 1 : (double)references / s.PageCount,
                guests);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(info, StoreJsonContext.Default.StoreInfo));
                return CliApp.ExitOk;
            }

            var header = new Table2(["field", "value"]);
            header.Add(["store id", info.StoreId]);
            header.Add(["generation", N((long)info.Generation)]);
            header.Add(["format", info.FormatVersion + " (reader " + "1.0" + ")"]);
            header.Add(["committed", info.CommittedAt.ToString("u", CultureInfo.InvariantCulture)]);
            header.Add(["hash", info.Hash]);
            header.Add(["pages", $"{N(info.Pages)} ({ByteSize.Format(info.PageBytes)})"]);
            header.Add(["slots", $"{N(info.Slots)} ({N(info.FreeSlots)} free)"]);
            header.Add(["page area file", ByteSize.Format(info.PagesFileBytes)]);
            header.Add(["manifest file", ByteSize.Format(info.ManifestBytes)]);
            header.Add(["index", $"{ByteSize.Format(info.IndexBytes)} ({info.IndexBytesPerPage.ToString("F2", CultureInfo.InvariantCulture)} bytes/page)"]);
            header.Add(["dedup ratio", $"{info.DedupRatio.ToString("F3", CultureInfo.InvariantCulture)} (guest page references / pages stored)"]);
            header.Write($"Store {info.Directory}");
            var table = new Table2(["guest", "scans", "last scan", "mapped frames", "selected frames", "distinct selected", "bytes"]);
            foreach (StoreGuestInfo g in guests)
            {
                table.Add([g.Name, N(g.Scans), g.LastScan.ToString("u", CultureInfo.InvariantCulture), N(g.MappedFrames), N(g.SelectedFrames), N(g.DistinctSelected), ByteSize.Format(g.DistinctSelected * 4096)]);
            }

            table.Write("Guests");
            return CliApp.ExitOk;
        }));
        return command;
    }
}
