using System.CommandLine;
using System.Text.Json;
using FtActors.Migration.Receiving;
using FtActors.Pages;
using Microsoft.Extensions.Logging;

namespace FtActors.Cli.Commands;

/// <summary>
/// <c>migrate receive --listen IP:PORT [--store STORE] [--ram-file F]</c>: serves one incoming migration on
/// the spare: starts the destination QEMU, fills its RAM from the wire and the local store, resumes it at
/// commit and leaves it running (registered with the lab). Exit 0 committed, 1 aborted.
/// </summary>
internal static class MigrateReceiveCommand
{
    public static Command Build()
    {
        var listen = new Option<string>("--listen") { Description = "Address for the page connection, IP:PORT.", Required = true };
        var store = new Option<string?>("--store") { Description = "The spare's pre-deploy page store." };
        var ram = new Option<string?>("--ram-file") { Description = "Destination RAM file (replaced; default in the lab run directory)." };
        var name = new Option<string?>("--name") { Description = "Destination guest name (default: SOURCE-dst)." };
        var devicePort = new Option<int>("--device-port") { Description = "Port for QEMU's device state (default: listen port + 1)." };
        var json = new Option<bool>("--json") { Description = "Write the result as JSON to stdout." };
        var idle = new Option<double>("--idle-timeout-s") { Description = "Give the session up (discarding the destination) when the sender is silent this long.", DefaultValueFactory = _ => 120 };
        var extra = new Option<string[]>("--qemu-arg") { Description = "Extra argument for the destination QEMU (repeatable)." };
        var cert = MigrateCommand.TlsCertOption();
        var ca = MigrateCommand.TlsCaOption();
        var command = new Command("receive", "Serve one incoming migration on this (spare) node.");
        foreach (var o in new Option[] { listen, store, ram, name, devicePort, json, idle, extra, cert, ca })
        {
            command.Options.Add(o);
        }

        command.SetAction((parse, ct) => MigrateCommand.GuardAsync("migrate receive", async () =>
        {
            var options = new ReceiverOptions
            {
                Listen = MigrateCommand.Endpoint(parse.GetValue(listen)!, "--listen"),
                StorePath = parse.GetValue(store),
                RamFile = parse.GetValue(ram),
                DestinationName = parse.GetValue(name),
                DevicePort = parse.GetValue(devicePort),
                ExtraQemuArgs = parse.GetValue(extra) ?? [],
                IdleTimeout = TimeSpan.FromSeconds(parse.GetValue(idle)),
                Tls = MigrateCommand.Tls(parse.GetValue(cert), parse.GetValue(ca)),
            };
            using var loggers = LabOutput.CreateLoggerFactory();
            PageEngines.UseLogging(loggers);
            var receiver = new MigrationReceiver(options, PageEngines.Default, loggers.CreateLogger<MigrationReceiver>());
            receiver.ProgressReported += line => Console.Error.WriteLine($"[receive] {line}");
            var result = await receiver.RunOnceAsync(() => Console.Error.WriteLine("[receive] ready"), ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(result, MigrateJsonContext.Default.ReceiverResult));
            }
            else
            {
                Console.Out.WriteLine(result.Committed
                    ? $"committed: {result.Destination} is {result.RunState}; {result.Rounds} rounds, {LabOutput.N(result.PagesReceived)} pages received, {LabOutput.N(result.PagesFromStore)} from the store"
                    : $"aborted: {result.Reason}");
            }

            return result.Committed ? CliApp.ExitOk : CliApp.ExitFailed;
        }));
        return command;
    }
}
