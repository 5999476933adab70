using System.CommandLine;
using FtActors.Lab;
using FtActors.Lab.Guests;
using FtActors.Lab.Migration;
using FtActors.Qemu.Qmp;

namespace FtActors.Cli.Commands;

/// <summary>
/// <c>ftactors lab migrate --from GUEST --to-netns NS --to-address IP</c>: QEMU's own migration of a
/// running lab guest to a new destination guest, which it starts with the same spec and leaves running.
/// </summary>
internal static class LabMigrateCommand
{
    public static Command Build()
    {
        var from = new Option<string>("--from") { Description = "The running lab guest to move.", Required = true };
        var toNetns = new Option<string?>("--to-netns") { Description = "Namespace to start the destination in (default: the host's)." };
        var toAddress = new Option<string>("--to-address") { Description = "Address the destination listens on (a node address of the topology).", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "TCP port of the incoming migration.", DefaultValueFactory = _ => 4444 };
        var name = new Option<string?>("--name") { Description = "Destination guest name (default: FROM-dst)." };
        var stopFirst = new Option<bool>("--stop-first") { Description = "Stop the source first (stop-and-copy), then resume the destination." };
        var ignoreShared = new Option<bool>("--ignore-shared") { Description = "Stop the source, copy its RAM file into the destination's, move device state only (x-ignore-shared)." };
        var giveUp = new Option<int>("--give-up") { Description = "Cancel after this many seconds (the source keeps running).", DefaultValueFactory = _ => 60 };
        var bandwidth = new Option<long>("--max-bandwidth") { Description = "QEMU max-bandwidth in bytes/s.", DefaultValueFactory = _ => 10_000_000_000L };
        var command = new Command("migrate", "Migrate a lab guest with QEMU's own migration to a new destination guest.");
        foreach (var o in new Option[] { from, toNetns, toAddress, port, name, stopFirst, ignoreShared, giveUp, bandwidth })
        {
            command.Options.Add(o);
        }

        command.SetAction((parse, ct) => LabOutput.GuardAsync("lab migrate", async () =>
        {
            var sourceName = parse.GetValue(from)!;
            var state = GuestRegistry.Find(sourceName);
            if (state?.Spec is null)
            {
                Console.Error.WriteLine($"lab migrate: no running lab guest named '{sourceName}' with a recorded spec (see `ftactors lab guest list`)");
                return CliApp.ExitFailed;
            }

            var shared = parse.GetValue(ignoreShared);
            if (shared && state.RamFile is null)
            {
                Console.Error.WriteLine($"lab migrate: --ignore-shared needs a guest with RAM on a shared file; '{sourceName}' has anonymous RAM");
                return CliApp.ExitUsage;
            }

            var uri = PlainMigration.TcpUri(parse.GetValue(toAddress)!, parse.GetValue(port));
            var destSpec = PlainMigration.DestinationSpec(state.Spec, parse.GetValue(name) ?? sourceName + "-dst", uri, parse.GetValue(toNetns));
            using var logs = LabOutput.CreateLoggerFactory();
            var destination = await QemuGuest.StartAsync(destSpec, logs.CreateLogger("lab"), cancellationToken: ct).ConfigureAwait(false);
            var keepDestination = false;
            try
            {
                await using var source = await QmpClient.ConnectAsync(state.QmpSocket, TimeSpan.FromSeconds(10), cancellationToken: ct).ConfigureAwait(false);
                var stopped = parse.GetValue(stopFirst) || shared;
                if (stopped)
                {
                    await source.StopAsync(ct).ConfigureAwait(false);
                }

                if (shared)
                {
                    await PlainMigration.CopyRamFileAsync(state.RamFile!, destination.RamPath!, ct).ConfigureAwait(false);
                }

                var info = await PlainMigration.RunAsync(source, destination.Qmp, uri, new PlainMigrationOptions
                {
                    GiveUpAfter = TimeSpan.FromSeconds(parse.GetValue(giveUp)),
                    MaxBandwidthBytesPerSecond = parse.GetValue(bandwidth),
                    Capabilities = shared ? new Dictionary<string, bool> { ["x-ignore-shared"] = true } : new Dictionary<string, bool>(),
                }, ct).ConfigureAwait(false);
                LabOutput.Table(
                    ["status", "RAM transferred MB", "RAM total MB", "total ms", "downtime ms", "setup ms", "dirty syncs"],
                    [[info.Status, LabOutput.Mb(info.RamTransferred), LabOutput.Mb(info.RamTotal), LabOutput.N(info.TotalTimeMs), LabOutput.N(info.DowntimeMs), LabOutput.N(info.SetupTimeMs), LabOutput.N(info.DirtySyncCount)]]);
                if (info.Status != "completed")
                {
                    if (stopped)
                    {
                        await source.ContAsync(ct).ConfigureAwait(false);
                    }

                    Console.Error.WriteLine($"lab migrate: {info.Status} ({info.ErrorDesc ?? "not finished in time"}); the source keeps running");
                    return CliApp.ExitFailed;
                }

                await PlainMigration.WaitForIncomingAsync(destination.Qmp, TimeSpan.FromMinutes(2), ct).ConfigureAwait(false);
                if (stopped)
                {
                    await destination.Qmp.ContAsync(ct).ConfigureAwait(false);
                }

                keepDestination = true;
                Console.Error.WriteLine($"lab migrate: {destSpec.Name} runs (pid {destination.Pid}); {sourceName} is left in postmigrate: stop it with `ftactors lab guest stop {sourceName}`");
                return CliApp.ExitOk;
            }
            finally
            {
                if (keepDestination)
                {
                    await destination.DetachAsync().ConfigureAwait(false);
                }
                else
                {
                    await destination.DisposeAsync().ConfigureAwait(false);
                }
            }
        }));
        return command;
    }
}
