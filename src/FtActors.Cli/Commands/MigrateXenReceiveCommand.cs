using System.CommandLine;
using System.Text.Json;
using FtActors.Migration.Xen;
using FtActors.Pages;
using Microsoft.Extensions.Logging;

namespace FtActors.Cli.Commands;

/// <summary>
/// <c>migrate xen-receive --listen IP:PORT --out FILE [--store DIR]</c>: receives one Xen save image on the spare,
/// taking pages the sender references from the local store; the file appears only once it is complete and
/// the sender confirmed its digest. Exit 0 written, 1 aborted, 2 usage or set-up error.
/// </summary>
internal static class MigrateXenReceiveCommand
{
    public static Command Build()
    {
        var listen = new Option<string>("--listen") { Description = "Address for the page connection, IP:PORT.", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write the image (appears only once it is complete and confirmed).", Required = true };
        var store = new Option<string?>("--store") { Description = "The spare's pre-deploy page store." };
        var idle = new Option<double>("--idle-timeout-s") { Description = "Give the move up (removing temporary files) when the sender is silent this long.", DefaultValueFactory = _ => 120 };
        var json = new Option<bool>("--json") { Description = "Write the result as JSON to stdout." };
        var cert = MigrateCommand.TlsCertOption();
        var ca = MigrateCommand.TlsCaOption();
        var command = new Command("xen-receive", "Receive one Xen save image on this (spare) node.");
        foreach (var o in new Option[] { listen, output, store, idle, json, cert, ca })
        {
            command.Options.Add(o);
        }

        command.SetAction((parse, ct) => MigrateCommand.GuardAsync("migrate xen-receive", async () =>
        {
            var options = new XenReceiveOptions
            {
                Listen = MigrateCommand.Endpoint(parse.GetValue(listen)!, "--listen"),
                Output = Path.GetFullPath(parse.GetValue(output)!),
                StorePath = parse.GetValue(store),
                IdleTimeout = TimeSpan.FromSeconds(parse.GetValue(idle)),
                Tls = MigrateCommand.Tls(parse.GetValue(cert), parse.GetValue(ca)),
            };
            using var loggers = LabOutput.CreateLoggerFactory();
            PageEngines.UseLogging(loggers);
            var receiver = new XenImageReceiver(options, PageEngines.Default, loggers.CreateLogger<XenImageReceiver>());
            receiver.ProgressReported += line => Console.Error.WriteLine($"[xen-receive] {line}");
            var result = await receiver.RunOnceAsync(() => Console.Error.WriteLine("[xen-receive] ready"), ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(result, XenJsonContext.Default.XenReceiveResult));
            }
            else
            {
                Console.Out.WriteLine(result.Written
                    ? $"written: {result.Output}, {LabOutput.N(result.PagesReceived)} pages received, {LabOutput.N(result.PagesFromStore)} from the store"
                    : $"aborted: {result.Reason}");
            }

            return result.Written ? CliApp.ExitOk : CliApp.ExitFailed;
        }));
        return command;
    }
}
