using System.CommandLine;
using System.Text.Json;
using FtActors.Store;
using static FtActors.Cli.Commands.CompareCommand;

namespace FtActors.Cli.Commands;

/// <summary><c>store verify STORE</c>: re-hash every page, check index and maps; exit 1 naming each mismatch.</summary>
internal static class StoreVerifyCommand
{
    public static Command Build()
    {
        var store = StoreCommand.StoreArgument();
        var json = StoreCommand.JsonOption();
        var command = new Command("verify", "Re-hash every page and check the index and guest maps; exits 1 on any mismatch.");
        command.Arguments.Add(store);
        command.Options.Add(json);
        command.SetAction(parse => StoreCommand.Guard("verify", () =>
        {
            string directory = parse.GetValue(store)!;
            if (!Directory.Exists(directory))
            {
                Console.Error.WriteLine($"store verify: {directory}: no such directory");
                return CliApp.ExitUsage;
            }

            VerifyReport report = StoreVerifier.Verify(directory);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(
                    new StoreVerifyResult(report.Identity?.ToString(), report.Ok, report.PagesChecked, report.MapEntriesChecked, [.. report.Problems]),
                    StoreJsonContext.Default.StoreVerifyResult));
            }
            else
            {
                foreach (string problem in report.Problems)
                {
                    Console.Out.WriteLine(problem);
                }

                Console.Out.WriteLine(report.Ok
                    ? $"OK: {report.Identity}: {N(report.PagesChecked)} pages and {N(report.MapEntriesChecked)} map entries verified."
                    : $"FAILED: {report.Problems.Length} problem(s); {N(report.PagesChecked)} pages checked.");
            }

            return report.Ok ? CliApp.ExitOk : CliApp.ExitFailed;
        }));
        return command;
    }
}
