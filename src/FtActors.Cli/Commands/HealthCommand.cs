using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FtActors.Configuration;
using FtActors.Health;
using FtActors.Health.Policy;
using Spectre.Console;

namespace FtActors.Cli.Commands;

/// <summary>
/// <c>ftactors health check --config FILE</c>: runs every configured health source once, applies the policy and
/// prints each check's state. Exit 0 when nothing is failing, 1 when a check is failing, 2 for a bad config.
/// <c>ftactors health soak</c> (hidden) measures the monitor's own CPU and memory cost.
/// </summary>
internal static class HealthCommand
{
    public static Command Build()
    {
        var config = new Option<string>("--config") { Description = "HOCON file with an ftactors.health section (see docs/health.md).", Required = true };
        var json = new Option<bool>("--json") { Description = "Write the checks as JSON to stdout." };
        var check = new Command("check", "Run the health sources once and print each check's state.");
        check.Options.Add(config);
        check.Options.Add(json);
        check.SetAction((parse, ct) => CheckAsync(parse.GetValue(config)!, parse.GetValue(json), ct));
        var command = new Command("health", "Node health: sensors, memory errors, SMART, NHC checks, failure predictions.");
        command.Subcommands.Add(check);
        command.Subcommands.Add(Shell.HealthShowShellCommand.Build());
        command.Subcommands.Add(HealthSoakCommand.Build());
        return command;
    }

    /// <summary>Loads the setup, or prints why it cannot and returns null.</summary>
    internal static HealthSetup? LoadSetup(string path)
    {
        try
        {
            return HealthSetup.Load(HoconLoader.LoadFile(path), TimeProvider.System);
        }
        catch (Exception ex) when (ex is ConfigurationException or HealthFormatException or IOException or ArgumentException)
        {
            Console.Error.WriteLine($"health: cannot load {path}: {ex.Message}");
            return null;
        }
    }

    private static async Task<int> CheckAsync(string path, bool json, CancellationToken ct)
    {
        var setup = LoadSetup(path);
        if (setup is null)
        {
            return CliApp.ExitUsage;
        }

        var polls = await Task.WhenAll(setup.Sources.Select(s => HealthSources.PollAsync(s, ct))).ConfigureAwait(false);
        var policy = new HealthPolicy(setup.Node, setup.Policy, TimeProvider.System);
        var result = policy.Evaluate(polls.SelectMany(p => p));
        var checks = result.Checks.OrderBy(c => c.Check, StringComparer.Ordinal).ToList();
        var units = polls.SelectMany(p => p).GroupBy(r => r.Check).ToDictionary(g => g.Key, g => g.Last().Unit);
        if (json)
        {
            var rows = checks.Select(c => new Dictionary<string, object?>
            {
                ["check"] = c.Check,
                ["source"] = c.Source,
                ["state"] = c.State.ToString().ToLowerInvariant(),
                ["value"] = c.Value,
                ["unit"] = units.GetValueOrDefault(c.Check),
                ["timeToFailureSeconds"] = c.TimeToFailure?.TotalSeconds,
                ["reason"] = c.Reason,
            });
#pragma warning disable CA1869 // One call per process run.
            Console.Out.WriteLine(JsonSerializer.Serialize(new { node = setup.Node, checks = rows }, new JsonSerializerOptions { WriteIndented = true }));
#pragma warning restore CA1869
        }
        else if (Console.IsOutputRedirected)
        {
            foreach (var c in checks)
            {
                Console.Out.WriteLine($"{c.State.ToString().ToLowerInvariant(),-8} {c.Check}  {Value(c, units)}  {c.Reason}");
            }
        }
        else
        {
            var table = new Table().AddColumns("state", "check", "source", "value", "reason");
            foreach (var c in checks)
            {
                var colour = c.State switch
                {
                    HealthState.Ok => "green",
                    HealthState.Warning => "yellow",
                    HealthState.Failing => "red",
                    _ => "grey",
                };
                table.AddRow($"[{colour}]{c.State.ToString().ToLowerInvariant()}[/]", Markup.Escape(c.Check), Markup.Escape(c.Source), Markup.Escape(Value(c, units)), Markup.Escape(c.Reason));
            }

            AnsiConsole.Write(table);
        }

        return checks.Any(c => c.State == HealthState.Failing) ? CliApp.ExitFailed : CliApp.ExitOk;
    }

    private static string Value(CheckStatus c, Dictionary<string, string> units) =>
        c.Value is double v ? $"{v.ToString("0.###", CultureInfo.InvariantCulture)} {units.GetValueOrDefault(c.Check)}".Trim() : "-";
}
