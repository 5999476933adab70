using System.CommandLine;
using FtActors.Configuration;
using FtActors.Node;

namespace FtActors.Cli.Commands;

/// <summary>
/// <c>ftactors node --config FILE [--set key=value]... [--parent-pid PID]</c> runs a cluster node until SIGTERM
/// (<c>ftactors cluster</c> then shows the members through any node's admin endpoint).
/// </summary>
internal static class NodeCommand
{
    public static Command Build()
    {
        var config = ConfigOption();
        var sets = SetOption();
        var parent = new Option<int?>("--parent-pid") { Description = "Stop (leaving gracefully) when this process exits; test harnesses pass their own pid." };
        var command = new Command("node", "Run an Akka.NET cluster node: join through the seed nodes, run the singleton, watch health, evacuate guests; SIGTERM leaves gracefully.");
        command.Options.Add(config);
        command.Options.Add(sets);
        command.Options.Add(parent);
        command.SetAction((parse, ct) => NodeHost.RunAsync(
            new NodeRunOptions(parse.GetValue(config)!, parse.GetValue(sets) ?? [], parse.GetValue(parent)), ct));
        return command;
    }

    private static Option<string> ConfigOption() =>
        new("--config") { Description = "HOCON file of the node (e.g. hocon/node.conf).", Required = true };

    private static Option<string[]> SetOption() =>
        new("--set") { Description = "Override a setting, e.g. --set ftactors.remoting.port=2553 (repeatable).", AllowMultipleArgumentsPerToken = false };
}
