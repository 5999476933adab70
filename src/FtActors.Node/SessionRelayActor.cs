using Akka.Actor;
using FtActors.Migration.Session;

namespace FtActors.Node;

/// <summary>
/// The requester of one migration session: tags the session's progress and final report with its id for the node
/// actor (the session's own messages do not carry it).
/// </summary>
internal sealed class SessionRelayActor : ReceiveActor
{
    public SessionRelayActor(Guid id, IActorRef node)
    {
        Receive<MigrationProgress>(p => node.Tell(new SessionProgress(id, p), Self));
        Receive<MigrationRoundProgress>(p => node.Tell(new SessionRoundProgress(id, p), Self));
        Receive<MigrationFinished>(f => node.Tell(new SessionFinished(id, f.Report), Self));
    }
}
