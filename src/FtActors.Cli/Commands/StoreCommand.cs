using System.CommandLine;
using FtActors.Store;

namespace FtActors.Cli.Commands;

/// <summary>
/// <c>ftactors store ...</c>: build, extend, collect, inspect, verify and compare the pre-deploy page
/// stores spare nodes hold. Exit codes: 0 ok, 1 mismatch or differences, 2 error.
/// </summary>
internal static class StoreCommand
{
    public static Command Build()
    {
        var store = new Command("store", "Pre-deploy page stores: content-addressed pages a spare node holds for its guests.");
        store.Subcommands.Add(StoreBuildCommand.Build(create: true));
        store.Subcommands.Add(StoreBuildCommand.Build(create: false));
        store.Subcommands.Add(StoreGcCommand.Build());
        store.Subcommands.Add(StoreInspectCommand.Build());
        store.Subcommands.Add(StoreVerifyCommand.Build());
        store.Subcommands.Add(StoreDiffCommand.Build());
        store.Subcommands.Add(StoreServeCommand.Build());
        return store;
    }

    public static Argument<string> StoreArgument(string name = "store") =>
        new(name) { Description = "The store directory (manifest.fts + pages.ftp)." };

    public static Option<bool> JsonOption() => new("--json") { Description = "Write the result as JSON to stdout." };

    /// <summary>Runs a store action, turning store and I/O errors into a message on stderr and exit code 2.</summary>
    public static int Guard(string command, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is StoreException or IOException or UnauthorizedAccessException or KeyNotFoundException or ArgumentException)
        {
            Console.Error.WriteLine($"store {command}: {e.Message}");
            return CliApp.ExitUsage;
        }
    }
}
