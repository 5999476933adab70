using System.CommandLine;
using FtActors.Admin;

namespace FtActors.Cli.Commands.Shell;

/// <summary><c>ftactors placements</c>: which spare each of the node's guests would move to, and how much of it that spare holds.</summary>
internal static class PlacementsShellCommand
{
    public static Command Build()
    {
        var command = new Command("placements", "Show which spare holds (or would receive) each guest of a node.");
        var (node, token, json) = ShellCommon.AddCommon(command);
        command.SetAction((parse, ct) => ShellCommon.RunAsync("placements", parse.GetValue(node), parse.GetValue(token), async client =>
        {
            var view = await client.GetPlacementsAsync(ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                ShellCommon.WriteJson(view, AdminJsonContext.Default.PlacementsView);
                return CliApp.ExitOk;
            }

            ShellCommon.Table(
                ["guest", "node", "spare", "coverage", "chosen by"],
                view.Placements.Select(p => new[] { p.Guest, p.Node, p.Spare ?? "(none)", ShellCommon.Pct(p.Coverage), p.Source }));
            return CliApp.ExitOk;
        }));
        return command;
    }
}
