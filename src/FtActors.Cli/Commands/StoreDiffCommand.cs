using System.CommandLine;
using System.Text.Json;
using FtActors.Store;
using static FtActors.Cli.Commands.CompareCommand;

namespace FtActors.Cli.Commands;

/// <summary><c>store diff A B [--guest G]</c>: what B lacks of A, the pages that must travel to bring B up to date.</summary>
internal static class StoreDiffCommand
{
    public static Command Build()
    {
        var a = StoreCommand.StoreArgument("a");
        var b = StoreCommand.StoreArgument("b");
        var guest = new Option<string?>("--guest") { Description = "Only the pages this guest's map in A selects." };
        var json = StoreCommand.JsonOption();
        var command = new Command("diff", "Pages and bytes store B lacks that store A has; exits 1 when B lacks any.");
        command.Arguments.Add(a);
        command.Arguments.Add(b);
        command.Options.Add(guest);
        command.Options.Add(json);
        command.SetAction(parse => StoreCommand.Guard("diff", () =>
        {
            using PageStore first = PageStore.Open(parse.GetValue(a)!);
            using PageStore second = PageStore.Open(parse.GetValue(b)!);
            DiffReport report = StoreDiff.Compute(first, second, parse.GetValue(guest));
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(
                    new StoreDiffResult(first.Identity.ToString(), second.Identity.ToString(), report.Guest, report.PagesConsidered, report.PagesShared, report.PagesMissing, report.BytesMissing),
                    StoreJsonContext.Default.StoreDiffResult));
            }
            else
            {
                string scope = report.Guest is null ? "pages of A" : $"pages guest '{report.Guest}' selects in A";
                Console.Out.WriteLine(
                    $"{N(report.PagesConsidered)} {scope}: B holds {N(report.PagesShared)}, lacks {N(report.PagesMissing)} " +
                    $"({ByteSize.Format(report.BytesMissing)} must travel).");
            }

            return report.PagesMissing == 0 ? CliApp.ExitOk : CliApp.ExitFailed;
        }));
        return command;
    }
}
