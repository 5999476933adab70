using System.CommandLine;

namespace FtActors.Cli.Commands.Shell;

/// <summary>Registers the operator shell's commands (docs/shell.md) on the root; <c>migrate guest</c> joins the existing <c>migrate</c> command.</summary>
internal static class ShellCommands
{
    public static void Register(RootCommand root)
    {
        root.Subcommands.Add(ClusterShellCommand.Build());
        root.Subcommands.Add(GuestsShellCommand.Build());
        root.Subcommands.Add(PlacementsShellCommand.Build());
        root.Subcommands.Add(MigrationsShellCommand.Build());
        root.Subcommands.Add(DrainShellCommand.Build(drain: true));
        root.Subcommands.Add(DrainShellCommand.Build(drain: false));
        root.Subcommands.Add(PredictShellCommand.Build());
        root.Subcommands.Add(UpkeepShellCommand.Build());
        var migrate = root.Subcommands.FirstOrDefault(c => c.Name == "migrate");
        if (migrate is null)
        {
            migrate = new Command("migrate", "Move guests.");
            root.Subcommands.Add(migrate);
        }

        migrate.Subcommands.Add(MigrateGuestShellCommand.Build());
    }
}
