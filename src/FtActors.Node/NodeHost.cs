using Akka.Hosting;
using FtActors.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace FtActors.Node;

/// <summary>Runs a node process on Microsoft.Extensions.Hosting until SIGTERM (graceful leave), a dead verdict, or its parent's exit.</summary>
public static class NodeHost
{
    /// <summary>Reads and validates the configuration, then runs the node; returns the process exit code.</summary>
    /// <returns>0 after a graceful stop, 2 for bad configuration, 3 when the cluster declared this node dead.</returns>
    public static async Task<int> RunAsync(NodeRunOptions run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        NodeSettings settings;
        NodeRuntimeSettings runtime;
        FtActors.Health.HealthSetup health;
        Akka.Configuration.Config akka;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        try
        {
            builder.Configuration.AddNodeLayers(run.ConfigPath, run.Sets);
            settings = NodeSettings.Read(builder.Configuration);
            runtime = NodeRuntimeSettings.Read(builder.Configuration, settings.Host, settings.Roles);
            // The file was parsed once, by the configuration's HOCON source; health reads that same Config.
            var files = builder.Configuration.GetHoconConfig();
            health = NodeHealthConfig.Load(files, run.Sets, runtime.Name, environment: null);
            akka = NodeAkkaConfig.Build(settings, files);
        }
        catch (Exception e) when (e is ConfigurationException or FileNotFoundException or InvalidOperationException or FtActors.Health.HealthFormatException)
        {
            await Console.Error.WriteLineAsync("ftactors node: " + e.Message).ConfigureAwait(false);
            return 2;
        }

        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        // Data (the "up" line) goes to stdout; every log line to stderr.
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(runtime);
        builder.Services.AddSingleton(health);
        builder.Services.AddSingleton(run);
        // Akka.Hosting starts the actor system (and with it remoting and the cluster join) before the node's own
        // service, and on stop runs coordinated shutdown after it: the node leaves the cluster last.
        builder.Services.AddAkka(settings.ClusterId, (akkaBuilder, _) => akkaBuilder
            .AddHocon(akka, HoconAddMode.Replace)
            .ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            }));
        builder.Services.AddSingleton<ClusterNodeService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ClusterNodeService>());
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        // Listens for SIGTERM and Ctrl-C and turns them into a graceful stop.
        builder.Services.AddSingleton<IHostLifetime, ConsoleLifetime>();

        Environment.ExitCode = 0;
        using var host = builder.Build();
        var service = host.Services.GetRequiredService<ClusterNodeService>();
        await host.RunAsync(cancellationToken).ConfigureAwait(false);
        // Akka.Hosting sets -1 after a downing; this project's contract is 3 (docs/cluster.md).
        return service.Downed ? ClusterNodeService.ExitDeclaredDead : Math.Max(Environment.ExitCode, 0);
    }
}
