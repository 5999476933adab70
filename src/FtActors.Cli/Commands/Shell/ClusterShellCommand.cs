using System.CommandLine;
using System.Globalization;
using FtActors.Admin;

namespace FtActors.Cli.Commands.Shell;

/// <summary><c>ftactors cluster</c>: the Akka.NET cluster's members, roles, status and reachability, its leader and where the singleton runs, as one node sees them.</summary>
internal static class ClusterShellCommand
{
    public static Command Build()
    {
        var command = new Command("cluster", "Show the cluster's members, roles and status (asks a node's admin endpoint).");
        var (node, token, json) = ShellCommon.AddCommon(command);
        command.SetAction((parse, ct) => ShellCommon.RunAsync("cluster", parse.GetValue(node), parse.GetValue(token), async client =>
        {
            var view = await client.GetClusterAsync(ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                ShellCommon.WriteJson(view, AdminJsonContext.Default.ClusterView);
                return CliApp.ExitOk;
            }

            Console.Out.WriteLine($"leader {(view.Leader.Length > 0 ? view.Leader : "(none)")}, placement-coordinator singleton on {(view.Singleton.Length > 0 ? view.Singleton : "(none)")}");
            ShellCommon.Table(
                ["address", "status", "roles", "reachable", "uid", "self"],
                view.Members.Select(m => new[]
                {
                    m.Address, m.Status, string.Join(',', m.Roles), m.Reachable ? "yes" : "no", m.Uid.ToString(CultureInfo.InvariantCulture), m.IsSelf ? "*" : string.Empty,
                }),
                (i, cell) => i == 1 ? ShellCommon.StateColour(cell) : null);
            return CliApp.ExitOk;
        }));
        return command;
    }
}
