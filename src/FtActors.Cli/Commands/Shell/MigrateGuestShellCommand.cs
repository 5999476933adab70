using System.CommandLine;
using FtActors.Admin;

namespace FtActors.Cli.Commands.Shell;

/// <summary><c>ftactors migrate guest NAME [--to HOST:PORT]</c>: asks the guest's node to move it now (to a spare it picks unless given).</summary>
internal static class MigrateGuestShellCommand
{
    public static Command Build()
    {
        var name = new Argument<string>("name") { Description = "The guest to move." };
        var to = new Option<string?>("--to") { Description = "The spare's migration receiver, HOST:PORT (default: the node picks a spare)." };
        var command = new Command("guest", "Ask a node to migrate one of its guests now (through its admin endpoint).");
        command.Arguments.Add(name);
        command.Options.Add(to);
        var (node, token, json) = ShellCommon.AddCommon(command);
        command.SetAction((parse, ct) => ShellCommon.RunAsync("migrate guest", parse.GetValue(node), parse.GetValue(token), async client =>
            ShellCommon.Action(await client.MigrateAsync(new MigrateRequest(parse.GetValue(name)!, parse.GetValue(to)), ct).ConfigureAwait(false), parse.GetValue(json))));
        return command;
    }
}
