using System.CommandLine;
using FtActors.Admin;

namespace FtActors.Cli.Commands.Shell;

/// <summary>
/// <c>ftactors drain NODE [--reason TEXT]</c> and <c>ftactors undrain NODE</c>: the asked node runs scontrol; a drain
/// reason gets the "FtActors:" prefix, and undrain resumes only drains with that prefix.
/// </summary>
internal static class DrainShellCommand
{
    public static Command Build(bool drain)
    {
        var slurmNode = new Argument<string>("node") { Description = "Slurm node name." };
        var command = new Command(drain ? "drain" : "undrain",
            drain ? "Drain a node in Slurm (reason prefixed with \"FtActors:\"; an admin's drain is left alone)." : "Resume a node in Slurm, only if FtActors drained it.");
        command.Arguments.Add(slurmNode);
        var reason = new Option<string?>("--reason") { Description = "Why (drain only).", DefaultValueFactory = _ => "requested by an operator" };
        if (drain)
        {
            command.Options.Add(reason);
        }

        var (node, token, json) = ShellCommon.AddCommon(command);
        command.SetAction((parse, ct) => ShellCommon.RunAsync(command.Name, parse.GetValue(node), parse.GetValue(token), async client =>
        {
            var request = new DrainRequest(parse.GetValue(slurmNode)!, drain ? parse.GetValue(reason) : null);
            var result = drain ? await client.DrainAsync(request, ct).ConfigureAwait(false) : await client.UndrainAsync(request, ct).ConfigureAwait(false);
            return ShellCommon.Action(result, parse.GetValue(json));
        }));
        return command;
    }
}
