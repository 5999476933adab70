using FtActors.Cluster.Membership;
using FtActors.Kernel;
using FtActors.Kernel.Persistence;
using FtActors.Persistence.Membership;
using Microsoft.Extensions.Logging;

namespace FtActors.Cluster.PubSub;

/// <summary>
/// Cluster-wide publish/subscribe by topic. Subscriptions are local to each node's mediator; a publication is
/// delivered to the local subscribers and sent once to the mediator of every other Active (or ShuttingDown)
/// member, which delivers it to its own subscribers. Nothing is stored or resent: delivery is at most once, and a
/// member that joins later does not see earlier publications.
/// </summary>
internal sealed class PubSubMediatorActor : ReceiveActor
{
    private readonly MemberAddress _self;
    private readonly IActorRef _agent;
    private readonly IEventSerializer _serializer;
    private readonly Func<MemberAddress, IActorRef> _remoteMediator;
    private readonly ILogger _logger;
    private readonly Dictionary<string, HashSet<IActorRef>> _topics = new(StringComparer.Ordinal);
    private readonly Dictionary<MemberAddress, IActorRef> _peers = [];

    public PubSubMediatorActor(MemberAddress self, IActorRef agent, IEventSerializer serializer, Func<MemberAddress, IActorRef> remoteMediator, ILogger logger)
    {
        _self = self;
        _agent = agent;
        _serializer = serializer;
        _remoteMediator = remoteMediator;
        _logger = logger;

        Receive<Subscribe>(OnSubscribe);
        Receive<Unsubscribe>(m => Remove(m.Topic, m.Subscriber));
        Receive<Publish>(OnPublish);
        Receive<PubSubEnvelope>(OnEnvelope);
        Receive<CurrentClusterState>(OnState);
        Receive<IMembershipEvent>(_ => { });
        Receive<Terminated>(t =>
        {
            foreach (var topic in _topics.Keys.ToList())
            {
                Remove(topic, t.ActorRef);
            }
        });
    }

    protected override void PreStart() => _agent.Tell(new SubscribeMembership(Self), Self);

    private void OnSubscribe(Subscribe m)
    {
        if (!_topics.TryGetValue(m.Topic, out var set))
        {
            set = [];
            _topics[m.Topic] = set;
        }

        if (set.Add(m.Subscriber))
        {
            Context.Watch(m.Subscriber);
        }

        Sender.Tell(new SubscribeAck(m.Topic, m.Subscriber), Self);
    }

    private void Remove(string topic, IActorRef subscriber)
    {
        if (_topics.TryGetValue(topic, out var set) && set.Remove(subscriber) && set.Count == 0)
        {
            _topics.Remove(topic);
        }
    }

    private void OnPublish(Publish m)
    {
        DeliverLocally(m.Topic, m.Message);
        if (_peers.Count == 0)
        {
            return;
        }

        SerializedPayload payload;
        try
        {
            payload = _serializer.Serialize(m.Message);
        }
        catch (FtActorsException e)
        {
            Log.PubSubDropped(_logger, m.Topic, "not serialisable for other nodes: " + e.Message);
            return;
        }

        var envelope = new PubSubEnvelope(m.Topic, payload.Manifest, payload.FormatVersion, payload.Payload);
        foreach (var peer in _peers.Values)
        {
            peer.Tell(envelope, Self);
        }
    }

    private void OnEnvelope(PubSubEnvelope envelope)
    {
        object message;
        try
        {
            message = _serializer.Deserialize(envelope.Manifest, envelope.FormatVersion, envelope.Payload.Span);
        }
        catch (FtActorsException e)
        {
            Log.PubSubDropped(_logger, envelope.Topic, e.Message);
            return;
        }

        DeliverLocally(envelope.Topic, message);
    }

    private void DeliverLocally(string topic, object message)
    {
        if (_topics.TryGetValue(topic, out var set))
        {
            foreach (var subscriber in set)
            {
                subscriber.Tell(message, Self);
            }
        }
    }

    private void OnState(CurrentClusterState state)
    {
        var live = state.Members
            .Where(m => m.Address != _self && m.Status is MemberStatus.Active or MemberStatus.ShuttingDown)
            .Select(m => m.Address)
            .ToHashSet();
        foreach (var gone in _peers.Keys.Where(a => !live.Contains(a)).ToList())
        {
            _peers.Remove(gone);
        }

        foreach (var address in live)
        {
            if (!_peers.ContainsKey(address))
            {
                _peers[address] = _remoteMediator(address);
            }
        }
    }
}
