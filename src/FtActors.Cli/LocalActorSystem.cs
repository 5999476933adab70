using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Logging;

namespace FtActors.Cli;

/// <summary>
/// A single-process Akka.NET actor system for the commands that host actors themselves (<c>migrate send</c>,
/// <c>upkeep</c>, <c>store serve</c>, <c>health soak</c>): no remoting, Akka's own log lines through the command's
/// logger factory (stderr, so stdout keeps only the command's data), terminated on dispose.
/// </summary>
internal sealed class LocalActorSystem : IAsyncDisposable
{
    private static readonly Config Config = ConfigurationFactory.ParseString("""
        akka.actor.provider = local
        akka.loglevel = WARNING
        akka.stdout-loglevel = OFF
        akka.loggers = ["Akka.Hosting.Logging.LoggerFactoryLogger, Akka.Hosting"]
        """);

    private LocalActorSystem(ActorSystem system) => System = system;

    /// <summary>The actor system.</summary>
    public ActorSystem System { get; }

    /// <summary>Starts a system named <paramref name="name"/> logging to <paramref name="loggers"/>.</summary>
    public static LocalActorSystem Create(string name, ILoggerFactory loggers) =>
        new(ActorSystem.Create(name, BootstrapSetup.Create().WithConfig(Config).And(new LoggerFactorySetup(loggers))));

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await System.Terminate().ConfigureAwait(false);
}
