using FtActors.Cluster.Membership;
using FtActors.Kernel;
using FtActors.Persistence.Membership;
using Microsoft.Extensions.Logging;

namespace FtActors.Cluster.Singleton;

/// <summary>
/// Runs one singleton on the oldest Active member of the table (earliest start time, then address). Every node runs
/// a manager; each reads the same table, so all agree which member is oldest without an extra lease. The manager on
/// that member starts the singleton as its child <c>singleton</c>; a manager whose node stops being the oldest (it
/// left, or was declared dead) stops it. A graceful leave first hands over (<see cref="HandOverSingleton"/>: stop
/// and wait for the stop) and only then writes ShuttingDown, so the old instance is gone before the next starts.
/// </summary>
internal sealed class ClusterSingletonManagerActor : ReceiveActor
{
    /// <summary>The child name of the singleton under its manager.</summary>
    public const string ChildName = "singleton";

    private readonly string _name;
    private readonly Props _props;
    private readonly MemberAddress _self;
    private readonly IActorRef _agent;
    private readonly ILogger _logger;
    private readonly List<IActorRef> _handOverWaiters = [];
    private IActorRef? _child;
    private bool _childStopping;
    private bool _handedOver;
    private bool _oldest;

    public ClusterSingletonManagerActor(string name, Props props, MemberAddress self, IActorRef agent, ILogger logger)
    {
        _name = name;
        _props = props;
        _self = self;
        _agent = agent;
        _logger = logger;

        Receive<CurrentClusterState>(OnState);
        Receive<IMembershipEvent>(e =>
        {
            if (e is SelfDeclaredDead)
            {
                _handedOver = true;
                _oldest = false;
                StopChild("this node was declared dead");
            }
        });
        Receive<HandOverSingleton>(_ => OnHandOver());
        Receive<Terminated>(OnTerminated);
    }

    protected override void PreStart() => _agent.Tell(new SubscribeMembership(Self), Self);

    private void OnState(CurrentClusterState state)
    {
        var active = state.ActiveByAge();
        _oldest = !_handedOver && active.Length > 0 && active[0].Address == _self;
        if (_oldest)
        {
            StartChild();
        }
        else
        {
            StopChild("this node is no longer the oldest Active member");
        }
    }

    private void StartChild()
    {
        if (_child is null && !_childStopping)
        {
            _child = Context.ActorOf(_props, ChildName);
            Context.Watch(_child);
            Log.SingletonStarted(_logger, _name, _self);
        }
    }

    private void StopChild(string reason)
    {
        if (_child is not null && !_childStopping)
        {
            _childStopping = true;
            Context.Stop(_child);
            Log.SingletonStopped(_logger, _name, _self, reason);
        }
    }

    private void OnHandOver()
    {
        _handedOver = true;
        _oldest = false;
        if (_child is null)
        {
            Sender.Tell(new SingletonHandedOver(_name), Self);
            return;
        }

        _handOverWaiters.Add(Sender);
        StopChild("this node is leaving");
    }

    private void OnTerminated(Terminated terminated)
    {
        if (!terminated.ActorRef.Equals(_child))
        {
            return;
        }

        _child = null;
        _childStopping = false;
        foreach (var waiter in _handOverWaiters)
        {
            waiter.Tell(new SingletonHandedOver(_name), Self);
        }

        _handOverWaiters.Clear();
        if (_oldest)
        {
            // It stopped by itself (or failed) while this node is still the oldest: run it again.
            StartChild();
        }
    }
}
