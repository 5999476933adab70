using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;

namespace FtActors.Node;

/// <summary>
/// The placement coordinator's listener on the node that hosts the singleton: it publishes each
/// <see cref="Upkeep.PlacementChanged"/> on <see cref="NodeActor.PlacementTopic"/>, so the node running that guest
/// switches its upkeep to the new spare at once instead of at its next registration refresh.
/// </summary>
internal sealed class PlacementAnnouncer : ReceiveActor
{
    public PlacementAnnouncer(IActorRef pubSub)
    {
        Receive<Upkeep.PlacementChanged>(m => pubSub.Tell(new Publish(NodeActor.PlacementTopic, m), Self));
    }

    public static Props Props(IActorRef pubSub) => Akka.Actor.Props.Create(() => new PlacementAnnouncer(pubSub));
}
