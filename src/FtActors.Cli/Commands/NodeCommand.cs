using System.CommandLine;
using FtActors.Cluster;
using FtActors.Configuration;
using FtActors.Node;

namespace FtActors.Cli.Commands;

/// <summary>
/// <c>ftactors node --config FILE [--set key=value]... [--parent-pid PID]</c> runs a cluster node until SIGTERM;
/// <c>ftactors node members --config FILE</c> prints the membership table that configuration points at.
/// </summary>
internal static class NodeCommand
{
    public static Command Build()
    {
        var config = ConfigOption();
        var sets = SetOption();
        var parent = new Option<int?>("--parent-pid") { Description = "Stop (leaving gracefully) when this process exits; test harnesses pass their own pid." };
        var command = new Command("node", "Run a cluster node: join through the membership table, heartbeat peers, run the singleton; SIGTERM leaves gracefully.");
        command.Options.Add(config);
        command.Options.Add(sets);
        command.Options.Add(parent);
        command.SetAction((parse, ct) => NodeHost.RunAsync(
            new NodeRunOptions(parse.GetValue(config)!, parse.GetValue(sets) ?? [], parse.GetValue(parent)), ct));
        command.Subcommands.Add(BuildMembers());
        return command;
    }

    private static Command BuildMembers()
    {
        var config = ConfigOption();
        var sets = SetOption();
        var command = new Command("members", "Print the cluster's membership table (read directly from its database; joins nothing).");
        command.Options.Add(config);
        command.Options.Add(sets);
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var settings = NodeSettings.Read(NodeConfiguration.Build(parse.GetValue(config)!, parse.GetValue(sets) ?? []));
                var data = await MembersQuery.ReadAsync(settings, ct).ConfigureAwait(false);
                await Console.Out.WriteAsync(MembersQuery.Format(data)).ConfigureAwait(false);
                return CliApp.ExitOk;
            }
            catch (Exception e) when (e is ClusterException or ConfigurationException or FileNotFoundException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync("node members: " + e.Message).ConfigureAwait(false);
                return CliApp.ExitUsage;
            }
        });
        return command;
    }

    private static Option<string> ConfigOption() =>
        new("--config") { Description = "HOCON file of the node (e.g. hocon/node.conf).", Required = true };

    private static Option<string[]> SetOption() =>
        new("--set") { Description = "Override a setting, e.g. --set ftactors.remoting.port=2553 (repeatable).", AllowMultipleArgumentsPerToken = false };
}
