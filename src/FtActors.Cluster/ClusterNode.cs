using System.Collections.Immutable;
using FtActors.Cluster.Membership;
using FtActors.Cluster.PubSub;
using FtActors.Cluster.Singleton;
using FtActors.Kernel;
using FtActors.Kernel.Persistence;
using FtActors.Persistence.Membership;
using FtActors.Remoting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FtActors.Cluster;

/// <summary>
/// One node's membership in the cluster: the membership agent (a system actor), the pub/sub mediator and any
/// singletons, on top of an actor system and its remoting. The node's identity in the table is the remoting
/// address and incarnation, so a restarted process (new incarnation) is a new member.
/// </summary>
public sealed class ClusterNode
{
    /// <summary>Name of the membership agent under <c>/system</c>; peers address heartbeats to it.</summary>
    public const string AgentName = "cluster-membership";

    /// <summary>Name of the pub/sub mediator under <c>/system</c>.</summary>
    public const string MediatorName = "cluster-pubsub";

    private readonly ActorSystem _system;
    private readonly RemotingNode _remoting;
    private readonly ClusterOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TaskCompletionSource<CurrentClusterState> _up = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<SelfDeclaredDead> _dead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<IActorRef> _singletonManagers = [];
    private readonly Lock _gate = new();
    private IActorRef? _mediator;

    private ClusterNode(ActorSystem system, RemotingNode remoting, ClusterOptions options, ILoggerFactory loggerFactory)
    {
        _system = system;
        _remoting = remoting;
        _options = options;
        _loggerFactory = loggerFactory;
        Self = new MemberAddress(remoting.Address.Host!, remoting.Address.Port!.Value, remoting.Incarnation);
        Agent = null!;
    }

    /// <summary>This node's row key: advertised host, bound port, remoting incarnation.</summary>
    public MemberAddress Self { get; }

    /// <summary>The membership agent; send it <see cref="SubscribeMembership"/>, <see cref="GetClusterState"/>, <see cref="LeaveCluster"/>.</summary>
    public IActorRef Agent { get; private set; }

    /// <summary>Completes when this node's row is Active (with the table as then read); faults if it is declared dead first.</summary>
    public Task<CurrentClusterState> WhenUp => _up.Task;

    /// <summary>Completes when this node finds itself declared dead; the process should then exit and restart.</summary>
    public Task<SelfDeclaredDead> WhenSelfDead => _dead.Task;

    /// <summary>Validates the options and starts the membership agent, which joins the cluster in the background.</summary>
    /// <param name="system">The node's actor system.</param>
    /// <param name="remoting">Its remoting, started with a registry that includes <see cref="ClusterMessages.Register"/>.</param>
    /// <param name="table">The shared membership table for <see cref="ClusterOptions.Id"/>.</param>
    /// <param name="options">Cluster settings; validated here.</param>
    /// <param name="capacity">Resources this node announces.</param>
    /// <param name="loggerFactory">Logging; null for none.</param>
    /// <exception cref="ClusterException">An option is invalid, or the table belongs to another cluster.</exception>
    public static ClusterNode Start(ActorSystem system, RemotingNode remoting, IMembershipTable table, ClusterOptions options, NodeCapacity? capacity = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(remoting);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (table.ClusterId != options.Id)
        {
            throw new ClusterException($"Membership table expected for cluster '{options.Id}', found one bound to '{table.ClusterId}'");
        }

        var node = new ClusterNode(system, remoting, options, loggerFactory ?? NullLoggerFactory.Instance);
        var logger = node._loggerFactory.CreateLogger<ClusterNode>();
        node.Agent = system.SystemActorOf(
            Props.Create(() => new MembershipActor(table, options, node.Self, capacity ?? NodeCapacity.None,
                peer => node.RemoteRef(peer, "system/" + AgentName), system.TimeProvider, logger, node._up, node._dead)),
            AgentName);
        return node;
    }

    /// <summary>Delivers membership events to <paramref name="subscriber"/>, first the current state.</summary>
    public void Subscribe(IActorRef subscriber) => Agent.Tell(new SubscribeMembership(subscriber));

    /// <summary>Stops delivering membership events to <paramref name="subscriber"/>.</summary>
    public void Unsubscribe(IActorRef subscriber) => Agent.Tell(new UnsubscribeMembership(subscriber));

    /// <summary>The table as the agent last read it.</summary>
    public Task<CurrentClusterState> GetStateAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Agent.Ask<CurrentClusterState>(new GetClusterState(), timeout, cancellationToken);

    /// <summary>
    /// Starts a cluster singleton named <paramref name="name"/> (a manager at <c>/user/name</c> on this node) and
    /// returns a proxy that routes to the current instance on whichever member is oldest. Call it on every node.
    /// </summary>
    /// <param name="name">Actor name of the manager; the same on every node.</param>
    /// <param name="props">How to create the singleton.</param>
    /// <param name="proxyBufferSize">Messages the proxy holds while no instance is reachable.</param>
    public IActorRef StartSingleton(string name, Props props, int proxyBufferSize = 1000)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(props);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(proxyBufferSize);
        var logger = _loggerFactory.CreateLogger<ClusterNode>();
        var manager = _system.ActorOf(Props.Create(() => new ClusterSingletonManagerActor(name, props, Self, Agent, logger)), name);
        lock (_gate)
        {
            _singletonManagers.Add(manager);
        }

        return _system.ActorOf(
            Props.Create(() => new ClusterSingletonProxyActor(name, Self, Agent,
                peer => RemoteRef(peer, "user/" + name + "/" + ClusterSingletonManagerActor.ChildName), proxyBufferSize, logger)),
            name + "-proxy");
    }

    /// <summary>
    /// The pub/sub mediator of this node, started on first call. Send it <see cref="Subscribe"/>,
    /// <see cref="Unsubscribe"/> and <see cref="Publish"/>; <paramref name="serializer"/> (same registrations on every
    /// node) turns published messages into bytes for other nodes.
    /// </summary>
    public IActorRef PubSub(IEventSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        lock (_gate)
        {
            var logger = _loggerFactory.CreateLogger<ClusterNode>();
            return _mediator ??= _system.SystemActorOf(
                Props.Create(() => new PubSubMediatorActor(Self, Agent, serializer, peer => RemoteRef(peer, "system/" + MediatorName), logger)),
                MediatorName);
        }
    }

    /// <summary>
    /// Leaves gracefully: hands over every singleton on this node (stops it and waits), then writes ShuttingDown and
    /// Left. Returns false when the row could not be written in time (the node is then declared dead later instead).
    /// </summary>
    public async Task<bool> LeaveAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ImmutableArray<IActorRef> managers;
        lock (_gate)
        {
            managers = [.. _singletonManagers];
        }

        try
        {
            await Task.WhenAll(managers.Select(m => m.Ask<SingletonHandedOver>(new HandOverSingleton(), timeout, cancellationToken))).ConfigureAwait(false);
            var done = await Agent.Ask<LeaveCompleted>(new LeaveCluster(), timeout, cancellationToken).ConfigureAwait(false);
            return done.Written;
        }
        catch (AskTimeoutException)
        {
            return false;
        }
    }

    private RemoteActorRef RemoteRef(MemberAddress peer, string path) =>
        _remoting.RemoteRef(ActorPath.Parse($"{Address.Protocol}://{_options.Id}@{peer.Host}:{peer.Port}/{path}"), peer.Incarnation);
}
