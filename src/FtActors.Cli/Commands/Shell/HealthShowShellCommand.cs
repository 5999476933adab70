using System.CommandLine;
using System.Globalization;
using FtActors.Admin;

namespace FtActors.Cli.Commands.Shell;

/// <summary><c>ftactors health show</c>: a running node's checks, states, readings and estimated time to failure. Exit 1 when a check is failing.</summary>
internal static class HealthShowShellCommand
{
    public static Command Build()
    {
        var command = new Command("show", "Show a running node's health checks (asks its admin endpoint).");
        var (node, token, json) = ShellCommon.AddCommon(command);
        command.SetAction((parse, ct) => ShellCommon.RunAsync("health show", parse.GetValue(node), parse.GetValue(token), async client =>
        {
            var view = await client.GetHealthAsync(ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                ShellCommon.WriteJson(view, AdminJsonContext.Default.HealthView);
            }
            else
            {
                Console.Out.WriteLine($"node {view.Node}: {view.Polls} polls{(view.Maintenance ? ", maintenance mode" : string.Empty)}");
                ShellCommon.Table(
                    ["state", "check", "source", "value", "time to failure (s)", "reason"],
                    view.Checks.Select(c => new[] { c.State, c.Check, c.Source, c.Value is { } v ? $"{v.ToString("0.###", CultureInfo.InvariantCulture)} {c.Unit}".Trim() : "-", ShellCommon.F(c.TimeToFailureSeconds, "0.#"), c.Reason }),
                    (i, cell) => i == 0 ? ShellCommon.StateColour(cell) : null);
                if (view.LastPrediction is { } p)
                {
                    Console.Out.WriteLine($"last prediction: {p.Node} fails at {p.ExpectedFailureUtc.UtcDateTime:O} (confidence {p.Confidence}, from {p.Source}): {p.Reason}");
                }
            }

            return view.Checks.Any(c => c.State == "failing") ? CliApp.ExitFailed : CliApp.ExitOk;
        }));
        return command;
    }
}
