using System.CommandLine;
using FtActors.Configuration;
using FtActors.Health;

namespace FtActors.Cli.Commands.Shell;

/// <summary>
/// <c>ftactors predict --node N --in 90s --confidence 0.9 --reason TEXT</c>: sends a failure prediction
/// (<c>ft.failure-prediction/1</c>) to a node's admin endpoint (<c>--admin URL</c> here, since <c>--node</c> names
/// the node expected to fail); that node acts on it or publishes it to the cluster for node N.
/// </summary>
internal static class PredictShellCommand
{
    public static Command Build()
    {
        var failing = new Option<string>("--node") { Description = "The node expected to fail (its ftactors.node.name).", Required = true };
        var within = new Option<string>("--in") { Description = "Time until the expected failure, e.g. 90s or 2 minutes.", Required = true };
        var confidence = new Option<double>("--confidence") { Description = "How sure, 0..1.", DefaultValueFactory = _ => 0.9 };
        var reason = new Option<string>("--reason") { Description = "Why, in words.", DefaultValueFactory = _ => "operator prediction" };
        var source = new Option<string>("--source") { Description = "Who predicts.", DefaultValueFactory = _ => "shell:" + Environment.UserName };
        var command = new Command("predict", "Send a failure prediction for a node; its guests are moved off before the predicted time.");
        foreach (var o in new Option[] { failing, within, confidence, reason, source })
        {
            command.Options.Add(o);
        }

        var (admin, token, json) = ShellCommon.AddCommon(command, "--admin");
        command.SetAction((parse, ct) =>
        {
            var text = parse.GetValue(within)!;
            if (!HoconUnits.TryParseDuration(text, out var delay) || delay < TimeSpan.Zero)
            {
                Console.Error.WriteLine($"predict: --in: expected a duration such as 90s or 2 minutes, found \"{text}\"");
                return Task.FromResult(CliApp.ExitUsage);
            }

            var c = parse.GetValue(confidence);
            if (!(c is >= 0 and <= 1))
            {
                Console.Error.WriteLine($"predict: --confidence: expected a number in 0..1, found {c}");
                return Task.FromResult(CliApp.ExitUsage);
            }

            var prediction = new FailurePrediction(parse.GetValue(failing)!, DateTimeOffset.UtcNow + delay, c, parse.GetValue(reason)!, parse.GetValue(source)!);
            return ShellCommon.RunAsync("predict", parse.GetValue(admin), parse.GetValue(token), async client =>
                ShellCommon.Action(await client.PredictAsync(FailurePredictionJson.Serialize(prediction), ct).ConfigureAwait(false), parse.GetValue(json)));
        });
        return command;
    }
}
