using System.CommandLine;
using System.Globalization;
using FtActors.Admin;

namespace FtActors.Cli.Commands.Shell;

/// <summary><c>ftactors cluster</c>: the members, their roles and status, as the node last read the membership table.</summary>
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

            ShellCommon.Table(
                ["address", "status", "roles", "cpus", "memory", "votes", "started", "self"],
                view.Members.Select(m => new[]
                {
                    m.Address, m.Status, string.Join(',', m.Roles), m.CpuCount.ToString(CultureInfo.InvariantCulture), ShellCommon.MiB(m.MemoryBytes),
                    m.Suspicions.ToString(CultureInfo.InvariantCulture), m.StartTime.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture), m.IsSelf ? "*" : string.Empty,
                }),
                (i, cell) => i == 1 ? ShellCommon.StateColour(cell) : null);
            return CliApp.ExitOk;
        }));
        return command;
    }
}
