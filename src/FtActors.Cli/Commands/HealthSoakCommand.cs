using System.CommandLine;
using System.Diagnostics;
using FtActors.Health;
using FtActors.Health.Policy;
using Akka.Actor;

namespace FtActors.Cli.Commands;

/// <summary>
/// <c>ftactors health soak --config FILE --seconds 60</c> (hidden): runs a <see cref="HealthMonitorActor"/> with the
/// configured sources at the configured interval for a while, then prints the process's CPU time over wall time,
/// its peak working set and the number of polls: the monitor's own cost, for docs/results.md.
/// </summary>
internal static class HealthSoakCommand
{
    public static Command Build()
    {
        var config = new Option<string>("--config") { Description = "HOCON file with an ftactors.health section.", Required = true };
        var seconds = new Option<int>("--seconds") { Description = "How long to run.", DefaultValueFactory = _ => 60 };
        var command = new Command("soak", "Measure the health monitor's CPU and memory use.") { Hidden = true };
        command.Options.Add(config);
        command.Options.Add(seconds);
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(config)!, parse.GetValue(seconds), ct));
        return command;
    }

    private static async Task<int> RunAsync(string path, int seconds, CancellationToken ct)
    {
        var setup = HealthCommand.LoadSetup(path);
        if (setup is null)
        {
            return CliApp.ExitUsage;
        }

        await using var local = LocalActorSystem.Create("soak", Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        var system = local.System;
        var policy = new HealthPolicy(setup.Node, setup.Policy, TimeProvider.System);
        var monitor = system.ActorOf(HealthMonitorActor.Props(setup.Node, setup.Sources, policy, setup.PollInterval, TimeProvider.System), "health");
        // Warm-up poll: JIT and first reads are start-up cost, not steady-state cost.
        monitor.Tell(new PollNow());
        await Task.Delay(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
        var before = await monitor.Ask<HealthStatus>(new GetHealthStatus(), TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var cpu0 = self.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds), ct).ConfigureAwait(false);
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpu0;
        var elapsed = wall.Elapsed;
        var after = await monitor.Ask<HealthStatus>(new GetHealthStatus(), TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        Console.Out.WriteLine($"sources: {string.Join(", ", setup.Sources.Select(s => s.Name))}; checks: {after.Checks.Length}; interval: {setup.PollInterval.TotalSeconds:0.###} s");
        Console.Out.WriteLine($"polls: {after.Polls - before.Polls} in {elapsed.TotalSeconds:0.0} s wall");
        Console.Out.WriteLine($"cpu: {cpu.TotalMilliseconds:0} ms = {100 * cpu.TotalSeconds / elapsed.TotalSeconds:0.00} % of one core");
        Console.Out.WriteLine($"memory: working set {self.WorkingSet64 / 1048576.0:0.0} MiB, peak {self.PeakWorkingSet64 / 1048576.0:0.0} MiB, GC heap {GC.GetTotalMemory(false) / 1048576.0:0.0} MiB");
        return CliApp.ExitOk;
    }
}
