using System.CommandLine;
using FtActors.Cli.Commands;
using Spectre.Console;

namespace FtActors.Cli;

/// <summary>Builds the <c>ftactors</c> command tree. One file per command lives under <c>Commands/</c>.</summary>
public static class CliApp
{
    /// <summary>Exit code for success.</summary>
    public const int ExitOk = 0;

    /// <summary>Exit code for an operation that ran and failed (or, for compare, found differences).</summary>
    public const int ExitFailed = 1;

    /// <summary>Exit code for bad usage, bad input, or a missing dependency.</summary>
    public const int ExitUsage = 2;

    public static RootCommand Build()
    {
        var root = new RootCommand(
            "FtActors: proactive fault tolerance for HPC virtual machines.\n" +
            "Watches node health, keeps the rarely-changing memory of each guest pre-deployed on a spare node,\n" +
            "and moves guests off a node predicted to fail, sending only the pages the spare lacks.");
        root.Subcommands.Add(DemoCommand.Build());
        root.Subcommands.Add(LabCommand.Build());
        root.Subcommands.Add(CompareCommand.Build());
        root.Subcommands.Add(InspectCommand.Build());
        root.Subcommands.Add(StoreCommand.Build());
        root.Subcommands.Add(MigrateCommand.Build());
        root.Subcommands.Add(NodeCommand.Build());
        root.Subcommands.Add(HealthCommand.Build());
        Commands.Shell.ShellCommands.Register(root);
        UpkeepCommand.AddRun(root);
        return root;
    }

    /// <summary>The line width Spectre lays out to when stdout is a file or a pipe.</summary>
    private const int RedirectedWidth = 200;

    public static async Task<int> RunAsync(string[] args)
    {
        if (Console.IsOutputRedirected)
        {
            // Spectre decides on colours from TERM alone, so a redirected run under a colour terminal wrote
            // escape codes into files and pipes. Redirected output is plain text, whatever TERM says. It is also
            // not cut to the 80 columns Spectre assumes without a terminal: a file has no width, and wrapped table
            // rows (the demo's comparison) and step lines are hard to read and to grep.
            AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
                Out = new AnsiConsoleOutput(Console.Out),
            });
            AnsiConsole.Console.Profile.Width = RedirectedWidth;
        }

        var parse = Build().Parse(args);
        var exit = await parse.InvokeAsync().ConfigureAwait(false);
        // System.CommandLine prints parse errors and returns 1; usage errors are 2 in this CLI's convention.
        return parse.Errors.Count > 0 ? ExitUsage : exit;
    }
}
