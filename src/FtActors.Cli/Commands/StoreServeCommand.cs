using System.CommandLine;
using System.Net;
using Akka.Actor;
using FtActors.Upkeep;

namespace FtActors.Cli.Commands;

/// <summary>
/// <c>store serve --store DIR --listen IP:PORT</c>: a spare's store feed (SpareStoreService) in the foreground:
/// VmActors feed pages and guest maps into the store until Ctrl-C, which commits and releases it.
/// </summary>
internal static class StoreServeCommand
{
    public static Command Build()
    {
        var store = new Option<string>("--store") { Description = "The store directory (created when absent).", Required = true };
        var listen = new Option<string>("--listen") { Description = "IP:PORT the store feed listens on.", DefaultValueFactory = _ => "0.0.0.0:7790" };
        var commitPages = new Option<int>("--commit-pages") { Description = "Pages gathered before a commit.", DefaultValueFactory = _ => 4096 };
        var cert = MigrateCommand.TlsCertOption();
        var ca = MigrateCommand.TlsCaOption();
        var command = new Command("serve", "Accept store feeds from VmActors (ftactors upkeep run) into the store until Ctrl-C.");
        foreach (Option o in new Option[] { store, listen, commitPages, cert, ca })
        {
            command.Options.Add(o);
        }

        command.SetAction((parse, ct) => MigrateCommand.GuardAsync("store serve", () => UpkeepCommand.GuardUpkeepAsync("store serve", async () =>
        {
            IPEndPoint ep = IPEndPoint.TryParse(parse.GetValue(listen)!, out IPEndPoint? e) ? e : throw new ArgumentException($"--listen: expected IP:PORT, found '{parse.GetValue(listen)}'");
            var settings = new UpkeepSettings { FeedCommitPages = parse.GetValue(commitPages), FeedListen = ep.ToString() };
            settings.Validate();
            using var loggers = LabOutput.CreateLoggerFactory();
            await using var local = LocalActorSystem.Create("ftactors-store-serve", loggers);
            var system = local.System;
            SpareStoreService service = SpareStoreService.Start(system, parse.GetValue(store)!, ep, settings,
                MigrateCommand.Tls(parse.GetValue(cert), parse.GetValue(ca)), loggerFactory: loggers);
            Console.Out.WriteLine($"store serve: feeding {service.Directory} on {service.LocalEndpoint}");
            try
            {
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C or SIGTERM: commit and release below.
            }

            await service.DisposeAsync().ConfigureAwait(false);
            Console.Out.WriteLine("store serve: stopped; store committed");
            return CliApp.ExitOk;
        })));
        return command;
    }
}
