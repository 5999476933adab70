using System.CommandLine;
using System.Text.Json;
using FtActors.Store;
using static FtActors.Cli.Commands.CompareCommand;

namespace FtActors.Cli.Commands;

/// <summary><c>store gc STORE [--remove-guest G]...</c>: drop pages no guest selects, without rewriting the page area.</summary>
internal static class StoreGcCommand
{
    public static Command Build()
    {
        var store = StoreCommand.StoreArgument();
        var remove = new Option<string[]>("--remove-guest") { Description = "Forget these guests' maps first (repeatable)." };
        var json = StoreCommand.JsonOption();
        var command = new Command("gc", "Drop pages no guest map selects: trailing slots are truncated, inner ones punched out and reused.");
        command.Arguments.Add(store);
        command.Options.Add(remove);
        command.Options.Add(json);
        command.SetAction(parse => StoreCommand.Guard("gc", () =>
        {
            using PageStoreWriter writer = PageStoreWriter.Open(parse.GetValue(store)!);
            foreach (string guest in parse.GetValue(remove) ?? [])
            {
                if (!writer.RemoveGuest(guest))
                {
                    Console.Error.WriteLine($"store gc: no guest named '{guest}'");
                    return CliApp.ExitUsage;
                }
            }

            GcReport report = writer.CollectGarbage();
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new StoreGcResult(writer.Identity.ToString(), report), StoreJsonContext.Default.StoreGcResult));
                return CliApp.ExitOk;
            }

            Console.Out.WriteLine(
                $"Committed {writer.Identity}: dropped {N(report.PagesDropped)} pages ({ByteSize.Format(report.BytesDropped)}); " +
                $"{N(report.SlotsTruncated)} slots truncated, {N(report.HolesPunched)} punched, {N(report.FreeSlots)} free for reuse.");
            return CliApp.ExitOk;
        }));
        return command;
    }
}
