using FtActors.Cluster.Membership;
using FtActors.Kernel;
using FtActors.Persistence.Membership;
using Microsoft.Extensions.Logging;

namespace FtActors.Cluster.Singleton;

/// <summary>
/// Forwards every message it receives to the current singleton, wherever the table says it runs (the oldest Active
/// member), keeping the original sender so replies go straight back. While no member is Active, or the local
/// singleton has not started yet, messages wait in a bounded buffer (oldest dropped with a warning when full) and
/// are retried on a short timer. Delivery to a remote singleton is at most once, like all remoting: a message sent
/// just before the oldest member dies is lost, and callers that need it resend.
/// </summary>
internal sealed class ClusterSingletonProxyActor : ReceiveActor
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(100);

    private readonly string _name;
    private readonly MemberAddress _self;
    private readonly IActorRef _agent;
    private readonly Func<MemberAddress, IActorRef> _remoteSingleton;
    private readonly int _capacity;
    private readonly ILogger _logger;
    private readonly Queue<(object Message, IActorRef? Sender)> _buffer = new();
    private MemberAddress? _target;
    private IActorRef? _remote;

    public ClusterSingletonProxyActor(string name, MemberAddress self, IActorRef agent, Func<MemberAddress, IActorRef> remoteSingleton, int capacity, ILogger logger)
    {
        _name = name;
        _self = self;
        _agent = agent;
        _remoteSingleton = remoteSingleton;
        _capacity = capacity;
        _logger = logger;

        Receive<CurrentClusterState>(OnState);
        Receive<IMembershipEvent>(_ => { });
        Receive<Flush>(_ => Flush_());
        ReceiveAny(m => Send(m, Sender));
    }

    protected override void PreStart() => _agent.Tell(new SubscribeMembership(Self), Self);

    private void OnState(CurrentClusterState state)
    {
        var active = state.ActiveByAge();
        MemberAddress? oldest = active.Length > 0 ? active[0].Address : null;
        if (oldest != _target)
        {
            _target = oldest;
            _remote = oldest is { } o && o != _self ? _remoteSingleton(o) : null;
        }

        Flush_();
    }

    private IActorRef? Current()
    {
        if (_target is null)
        {
            return null;
        }

        if (_remote is not null)
        {
            return _remote;
        }

        // Local: the manager may not have started its child yet when this proxy hears of the change.
        var system = Context.System;
        return system.Lookup($"{system.Address}/user/{_name}/{ClusterSingletonManagerActor.ChildName}");
    }

    private void Send(object message, IActorRef? sender)
    {
        var target = _buffer.Count == 0 ? Current() : null;
        if (target is not null)
        {
            target.Tell(message, sender);
            return;
        }

        if (_buffer.Count == _capacity)
        {
            _buffer.Dequeue();
            Log.ProxyBufferFull(_logger, _name, _capacity);
        }

        _buffer.Enqueue((message, sender));
        if (!Timers.IsTimerActive("flush"))
        {
            Timers.StartSingleTimer("flush", new Flush(), RetryInterval);
        }
    }

    private void Flush_()
    {
        if (_buffer.Count == 0)
        {
            return;
        }

        var target = Current();
        if (target is null)
        {
            Timers.StartSingleTimer("flush", new Flush(), RetryInterval);
            return;
        }

        while (_buffer.TryDequeue(out var item))
        {
            target.Tell(item.Message, item.Sender);
        }
    }

    private sealed record Flush;
}
