using System.CommandLine;
using FtActors.Admin;

namespace FtActors.Cli.Commands.Shell;

/// <summary><c>ftactors upkeep pause|resume|status</c>: stop or restart background pre-deployment on a node.</summary>
internal static class UpkeepShellCommand
{
    public static Command Build()
    {
        var command = new Command("upkeep", "Pause or resume background pre-deployment (upkeep) on a node.");
        command.Subcommands.Add(Sub("pause", "Pause upkeep.", true));
        command.Subcommands.Add(Sub("resume", "Resume upkeep.", false));
        command.Subcommands.Add(Sub("status", "Show whether upkeep is paused.", null));
        return command;
    }

    private static Command Sub(string name, string description, bool? pause)
    {
        var command = new Command(name, description);
        var (node, token, json) = ShellCommon.AddCommon(command);
        command.SetAction((parse, ct) => ShellCommon.RunAsync("upkeep " + name, parse.GetValue(node), parse.GetValue(token), async client =>
        {
            var view = pause is { } p ? await client.SetUpkeepAsync(p, ct).ConfigureAwait(false) : await client.GetUpkeepAsync(ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                ShellCommon.WriteJson(view, AdminJsonContext.Default.UpkeepView);
            }
            else
            {
                Console.Out.WriteLine($"{(view.Paused ? "paused" : "not paused")}: {view.Message}");
            }

            return CliApp.ExitOk;
        }));
        return command;
    }
}
