using System.CommandLine;
using FtActors.Lab.Guests;
using FtActors.Lab.Topologies;

namespace FtActors.Cli.Commands;

/// <summary>
/// <c>ftactors lab</c>: the test lab. Guest image, QEMU guests, network-namespace topologies, cleanup,
/// and the baseline benchmark behind scripts/bench-baselines.sh.
/// </summary>
internal static class LabCommand
{
    public static Command Build()
    {
        var lab = new Command("lab", "The test lab: guest images, QEMU guests, network-namespace topologies.");
        lab.Subcommands.Add(LabGuestCommands.Build());
        lab.Subcommands.Add(LabTopologyCommands.Build());
        lab.Subcommands.Add(LabMigrateCommand.Build());
        lab.Subcommands.Add(BuildCleanup());
        lab.Subcommands.Add(LabBenchCommand.Build());
        return lab;
    }

    private static Command BuildCleanup()
    {
        var command = new Command("cleanup", "Stop every lab guest and remove every ftlab-* namespace and topology record.");
        command.SetAction((parse, ct) => LabOutput.GuardAsync("lab cleanup", async () =>
        {
            var guests = await GuestRegistry.StopAllAsync(TimeSpan.FromSeconds(5), cancellationToken: ct).ConfigureAwait(false);
            foreach (var g in guests)
            {
                Console.Out.WriteLine($"stopped guest {g}");
            }

            if (Privileges.IsRoot)
            {
                foreach (var ns in await Topology.RemoveAllAsync(cancellationToken: ct).ConfigureAwait(false))
                {
                    Console.Out.WriteLine($"removed namespace {ns}");
                }
            }
            else
            {
                Console.Error.WriteLine("lab cleanup: not root, so namespaces were left alone (removing them needs root)");
            }

            return CliApp.ExitOk;
        }));
        return command;
    }
}
