using System.CommandLine;
using System.Text.Json;
using FtActors.Migration.Xen;
using FtActors.Pages;
using Microsoft.Extensions.Logging;

namespace FtActors.Cli.Commands;

/// <summary>
/// <c>migrate xen-send --image FILE --to IP:PORT</c>: moves one Xen save image (<c>xl save</c>, bare libxl/libxc
/// streams, 2006 <c>xm save</c>) to a spare, sending only the pages the spare's store lacks; the spare writes a
/// byte-identical image. A command of its own rather than options of <c>send</c>: there is no QEMU, no lab
/// guest and no rounds here, so none of that command's options apply. Exit 0 written, 1 aborted, 2 usage.
/// </summary>
internal static class MigrateXenSendCommand
{
    public static Command Build()
    {
        var image = new Option<string>("--image") { Description = "The Xen save image to move.", Required = true };
        var to = new Option<string>("--to") { Description = "The receiver, IP:PORT.", Required = true };
        var ackTimeout = new Option<double>("--ack-timeout-s") { Description = "Give up when the receiver does not answer this long.", DefaultValueFactory = _ => 30 };
        var json = new Option<bool>("--json") { Description = "Write the report as JSON to stdout." };
        var cert = MigrateCommand.TlsCertOption();
        var ca = MigrateCommand.TlsCaOption();
        var command = new Command("xen-send", "Move a Xen save image to a spare, sending only the pages its store lacks.");
        foreach (var o in new Option[] { image, to, ackTimeout, json, cert, ca })
        {
            command.Options.Add(o);
        }

        command.SetAction((parse, ct) => MigrateCommand.GuardAsync("migrate xen-send", async () =>
        {
            var endpoint = MigrateCommand.Endpoint(parse.GetValue(to)!, "--to");
            var options = new XenSendOptions
            {
                Image = parse.GetValue(image)!,
                Host = endpoint.Address.ToString(),
                Port = endpoint.Port,
                AckTimeout = TimeSpan.FromSeconds(parse.GetValue(ackTimeout)),
                Tls = MigrateCommand.Tls(parse.GetValue(cert), parse.GetValue(ca)),
            };
            using var loggers = LabOutput.CreateLoggerFactory();
            PageEngines.UseLogging(loggers);
            var sender = new XenImageSender(options, PageEngines.Default, loggers.CreateLogger<XenImageSender>());
            sender.ProgressReported += line => Console.Error.WriteLine($"[xen-send] {line}");
            var report = await sender.SendAsync(ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(report, XenJsonContext.Default.XenMoveReport));
            }
            else
            {
                Console.Out.WriteLine(report.Outcome == "written"
                    ? $"written: {LabOutput.N(report.ImageBytes)} byte image, {LabOutput.N(report.BytesOnWire)} bytes on the wire; {LabOutput.N(report.PagesSent)} pages sent, {LabOutput.N(report.PagesReferenced)} referenced, {LabOutput.N(report.ZeroPages)} zero"
                    : $"aborted: {report.Reason}");
            }

            return report.Outcome == "written" ? CliApp.ExitOk : CliApp.ExitFailed;
        }));
        return command;
    }
}
