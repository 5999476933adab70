using System.CommandLine;
using FtActors.Admin;

namespace FtActors.Cli.Commands.Shell;

/// <summary><c>ftactors guests</c>: the node's guests, their coverage and estimated time to evacuate.</summary>
internal static class GuestsShellCommand
{
    public static Command Build()
    {
        var command = new Command("guests", "Show a node's guests with their coverage, spare and estimated time to evacuate.");
        var (node, token, json) = ShellCommon.AddCommon(command);
        command.SetAction((parse, ct) => ShellCommon.RunAsync("guests", parse.GetValue(node), parse.GetValue(token), async client =>
        {
            var view = await client.GetGuestsAsync(ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                ShellCommon.WriteJson(view, AdminJsonContext.Default.GuestsView);
                return CliApp.ExitOk;
            }

            ShellCommon.Table(
                ["guest", "state", "ram", "coverage", "spare", "evacuate (s)", "workload"],
                view.Guests.Select(g => new[] { g.Name, g.State, ShellCommon.MiB(g.RamBytes), ShellCommon.Pct(g.Coverage), g.Spare ?? "-", ShellCommon.F(g.TimeToEvacuateSeconds, "0.##"), g.Workload ?? "-" }),
                (i, cell) => i == 1 ? ShellCommon.StateColour(cell) : null);
            return CliApp.ExitOk;
        }));
        return command;
    }
}
