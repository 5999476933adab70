using System.CommandLine;
using System.Globalization;
using FtActors.Admin;

namespace FtActors.Cli.Commands.Shell;

/// <summary>
/// <c>ftactors migrations [--watch]</c>: running and past migrations with progress bars; <c>--watch</c> redraws every
/// interval until none is running (or Ctrl-C).
/// </summary>
internal static class MigrationsShellCommand
{
    public static Command Build()
    {
        var command = new Command("migrations", "Show a node's running and past migrations with progress.");
        var (node, token, json) = ShellCommon.AddCommon(command);
        var watch = new Option<bool>("--watch") { Description = "Redraw until no migration is running." };
        var interval = new Option<double>("--interval") { Description = "Seconds between redraws with --watch.", DefaultValueFactory = _ => 1 };
        command.Options.Add(watch);
        command.Options.Add(interval);
        command.SetAction((parse, ct) => ShellCommon.RunAsync("migrations", parse.GetValue(node), parse.GetValue(token), async client =>
        {
            while (true)
            {
                var view = await client.GetMigrationsAsync(ct).ConfigureAwait(false);
                if (parse.GetValue(json))
                {
                    ShellCommon.WriteJson(view, AdminJsonContext.Default.MigrationsView);
                }
                else
                {
                    if (parse.GetValue(watch) && ShellCommon.Fancy)
                    {
                        Spectre.Console.AnsiConsole.Clear();
                    }

                    Print(view);
                }

                if (!parse.GetValue(watch) || view.Migrations.All(m => m.Outcome is not null) || ct.IsCancellationRequested)
                {
                    return CliApp.ExitOk;
                }

                await Task.Delay(TimeSpan.FromSeconds(Math.Max(0.1, parse.GetValue(interval))), ct).ConfigureAwait(false);
            }
        }));
        return command;
    }

    private static void Print(MigrationsView view) =>
        ShellCommon.Table(
            ["id", "guest", "to", "mode", "state", "progress", "rounds", "MB on wire", "downtime ms", "total ms", "reason / last line"],
            view.Migrations.Select(m => new[]
            {
                m.Id.ToString("N")[..8], m.Guest, m.Destination, m.Mode, m.Outcome ?? m.State, ShellCommon.Bar(m.Progress),
                m.Rounds.ToString(CultureInfo.InvariantCulture), (m.BytesOnWire / 1e6).ToString("0.0", CultureInfo.InvariantCulture),
                m.DowntimeMs.ToString("0", CultureInfo.InvariantCulture), m.TotalMs.ToString("0", CultureInfo.InvariantCulture), m.Reason ?? m.LastLine,
            }),
            (i, cell) => i == 4 ? ShellCommon.StateColour(cell) ?? "yellow" : null);
}
