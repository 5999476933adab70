using System.CommandLine;

namespace FtActors.Cli.Commands;

internal static class LabCommand
{
    public static Command Build()
    {
        var lab = new Command("lab", "The test lab: guest images, QEMU guests, network-namespace topologies.");
        return lab;
    }
}
