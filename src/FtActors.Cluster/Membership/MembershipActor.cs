using System.Collections.Immutable;
using FtActors.Kernel;
using FtActors.Persistence.Membership;
using Microsoft.Extensions.Logging;

namespace FtActors.Cluster.Membership;

/// <summary>
/// The membership agent of one node (Orleans' MembershipAgent and MembershipTableManager in one actor). It joins
/// by writing its row, polls the shared table, heartbeats every live peer through remoting, judges its monitored
/// peers with one phi-accrual detector each, writes suspicion votes and death verdicts into the table, refreshes
/// its I-am-alive time, leaves gracefully, and stops when it finds itself declared dead. The table is the only
/// source of truth: every node acts on what it reads there, so all nodes agree on who is dead.
/// Table I/O never runs inside a receive: each operation is a task whose outcome is piped back, one at a time
/// (a queue), so heartbeats keep flowing while the database is slow.
/// </summary>
internal sealed class MembershipActor : ReceiveActor, IDisposable
{
    private const int MaxAttempts = 50;

    private readonly IMembershipTable _table;
    private readonly ClusterOptions _options;
    private readonly MemberAddress _self;
    private readonly NodeRoles _roles;
    private readonly NodeCapacity _capacity;
    private readonly Func<MemberAddress, IActorRef> _peerAgent;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource<CurrentClusterState> _up;
    private readonly TaskCompletionSource<SelfDeclaredDead> _dead;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<MemberAddress, PhiAccrualFailureDetector> _detectors = [];
    private readonly Dictionary<MemberAddress, IActorRef> _peerRefs = [];
    private readonly HashSet<MemberAddress> _voted = [];
    private readonly HashSet<MemberAddress> _pendingDeaths = [];
    private readonly HashSet<IActorRef> _subscribers = [];
    private readonly Queue<(string Name, Func<CancellationToken, Task<object>> Run)> _operations = new();
    private ImmutableArray<MemberAddress> _monitored = [];
    private MembershipTableData? _view;
    private bool _busy;
    private bool _refreshQueued;
    private bool _joined;
    private bool _leaving;
    private bool _joinInserted;
    private long _heartbeatSequence;
    private IActorRef? _leaveRequester;

    public MembershipActor(
        IMembershipTable table,
        ClusterOptions options,
        MemberAddress self,
        NodeCapacity capacity,
        Func<MemberAddress, IActorRef> peerAgent,
        TimeProvider time,
        ILogger logger,
        TaskCompletionSource<CurrentClusterState> up,
        TaskCompletionSource<SelfDeclaredDead> dead)
    {
        _table = table;
        _options = options;
        _self = self;
        _roles = options.ParseRoles();
        _capacity = capacity;
        _peerAgent = peerAgent;
        _time = time;
        _logger = logger;
        _up = up;
        _dead = dead;

        Receive<ClusterHeartbeat>(OnHeartbeat);
        Receive<HeartbeatTick>(_ => OnHeartbeatTick());
        Receive<RefreshTick>(_ => EnqueueRefresh());
        Receive<IAmAliveTick>(_ => Enqueue("i-am-alive", WriteIAmAliveAsync));
        Receive<OperationDone>(OnOperationDone);
        Receive<OperationFailed>(OnOperationFailed);
        Receive<SubscribeMembership>(OnSubscribe);
        Receive<UnsubscribeMembership>(m => { _subscribers.Remove(m.Subscriber); Context.Unwatch(m.Subscriber); });
        Receive<Terminated>(t => _subscribers.Remove(t.ActorRef));
        Receive<GetClusterState>(_ => Sender.Tell(State(), Self));
        Receive<LeaveCluster>(_ => OnLeave());
        Receive<RetryJoin>(_ => Enqueue("join", JoinAsync));
    }

    protected override void PreStart() => Enqueue("join", JoinAsync);

    protected override void PostStop()
    {
        Dispose();
        _up.TrySetCanceled();
    }

    /// <summary>Cancels table operations still in flight; called when the actor stops.</summary>
    public void Dispose()
    {
        if (!_stopping.IsCancellationRequested)
        {
            _stopping.Cancel();
        }

        _stopping.Dispose();
    }

    private CurrentClusterState State() => new(_self, _view?.Members ?? []);

    private void OnSubscribe(SubscribeMembership m)
    {
        if (_subscribers.Add(m.Subscriber))
        {
            Context.Watch(m.Subscriber);
        }

        m.Subscriber.Tell(State(), Self);
    }

    private void OnHeartbeat(ClusterHeartbeat heartbeat)
    {
        var from = new MemberAddress(heartbeat.Host, heartbeat.Port, heartbeat.Incarnation);
        if (_detectors.TryGetValue(from, out var detector))
        {
            detector.Heartbeat();
        }
    }

    private void OnHeartbeatTick()
    {
        if (_view is null || _leaving)
        {
            return;
        }

        var beat = new ClusterHeartbeat(_self.Host, _self.Port, _self.Incarnation, ++_heartbeatSequence);
        // Every live peer gets our heartbeat, whichever subset it judges: heartbeats are small and clusters of
        // HPC nodes are tens of members, not thousands.
        foreach (var member in _view.Members)
        {
            if (member.Address != _self && member.Status is MemberStatus.Active or MemberStatus.ShuttingDown or MemberStatus.Joining)
            {
                PeerRef(member.Address).Tell(beat, Self);
            }
        }

        foreach (var peer in _monitored)
        {
            if (!_detectors.TryGetValue(peer, out var detector))
            {
                continue;
            }

            var phi = detector.Phi();
            if (phi >= _options.PhiThreshold)
            {
                if (_voted.Add(peer))
                {
                    Log.Suspected(_logger, peer, _self, phi);
                    var target = peer;
                    Enqueue("suspect " + target, ct => SuspectAsync(target, ct));
                }
            }
            else
            {
                // It answered again: a later silence may earn a new vote (the old one expires on its own).
                _voted.Remove(peer);
            }
        }
    }

    private IActorRef PeerRef(MemberAddress address)
    {
        if (!_peerRefs.TryGetValue(address, out var peer))
        {
            peer = _peerAgent(address);
            _peerRefs[address] = peer;
        }

        return peer;
    }

    private void OnLeave()
    {
        _leaveRequester = Sender;
        if (!_leaving)
        {
            _leaving = true;
            Enqueue("leave", LeaveAsync);
        }
    }

    private void EnqueueRefresh()
    {
        if (!_refreshQueued)
        {
            _refreshQueued = true;
            Enqueue("refresh", async ct => new TableRead(await _table.ReadAllAsync(ct).ConfigureAwait(false)));
        }
    }

    private void Enqueue(string name, Func<CancellationToken, Task<object>> run)
    {
        _operations.Enqueue((name, run));
        RunNext();
    }

    private void RunNext()
    {
        if (_busy || !_operations.TryDequeue(out var next))
        {
            return;
        }

        _busy = true;
        var name = next.Name;
        Task<object> task;
        try
        {
            task = next.Run(_stopping.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            task = Task.FromException<object>(e);
        }

        task.PipeTo(Self, success: r => new OperationDone(name, r), failure: e => new OperationFailed(name, e));
    }

    private void OnOperationFailed(OperationFailed failed)
    {
        _busy = false;
        if (failed.Name == "refresh")
        {
            _refreshQueued = false;
        }

        if (!_stopping.IsCancellationRequested)
        {
            Log.TableOperationFailed(_logger, failed.Cause, failed.Name);
            if (failed.Name == "join")
            {
                // Joining has no timer to retry it; try again after one refresh interval.
                Timers.StartSingleTimer("rejoin", new RetryJoin(), _options.Agent.TableRefreshInterval);
            }
            else if (failed.Name.StartsWith("suspect ", StringComparison.Ordinal) || failed.Name.StartsWith("stale ", StringComparison.Ordinal))
            {
                _voted.Clear();
                _pendingDeaths.Clear();
            }
            else if (failed.Name == "leave")
            {
                _leaving = false;
                _leaveRequester?.Tell(new LeaveCompleted(false), Self);
                _leaveRequester = null;
            }
        }

        RunNext();
    }

    private void OnOperationDone(OperationDone done)
    {
        _busy = false;
        switch (done.Result)
        {
            case TableRead read:
                _refreshQueued = false;
                Apply(read.Data);
                break;
            case JoinResult join:
                OnJoined(join);
                break;
            case VoteResult vote:
                if (vote.DeclaredDead)
                {
                    Log.DeclaredDead(_logger, vote.Target, "enough suspicion votes, the last by " + _self);
                }

                EnqueueRefresh();
                break;
            case StaleResult stale:
                _pendingDeaths.Remove(stale.Target);
                if (stale.DeclaredDead)
                {
                    Log.DeclaredDead(_logger, stale.Target, "I-am-alive older than " + _options.Agent.IAmAliveStaleLimit);
                }

                EnqueueRefresh();
                break;
            case IAmAliveResult alive when !alive.RowExists:
                BecomeDead("its row is gone from the membership table");
                break;
            case LeaveResult left:
                Timers.CancelAll();
                Log.LeftCluster(_logger, _self, _options.Id);
                _leaveRequester?.Tell(new LeaveCompleted(left.Written), Self);
                _leaveRequester = null;
                EnqueueRefresh();
                break;
        }

        RunNext();
    }

    private void OnJoined(JoinResult join)
    {
        if (join.Self is null || join.Self.Status != MemberStatus.Active)
        {
            Apply(join.Data);
            BecomeDead("it was declared " + (join.Self?.Status.ToString() ?? "absent") + " while joining");
            return;
        }

        _joined = true;
        foreach (var old in join.OldIncarnations)
        {
            Log.OldIncarnationDead(_logger, old);
        }

        Log.Joined(_logger, _self, _options.Id, _roles);
        Apply(join.Data);
        Timers.StartPeriodicTimer("heartbeat", new HeartbeatTick(), _options.HeartbeatInterval);
        Timers.StartPeriodicTimer("refresh", new RefreshTick(), _options.Agent.TableRefreshInterval);
        Timers.StartPeriodicTimer("i-am-alive", new IAmAliveTick(), _options.Membership.IAmAliveInterval);
        _up.TrySetResult(State());
    }

    private void Apply(MembershipTableData data)
    {
        var events = MembershipProtocol.Diff(_view, data);
        _view = data;
        foreach (var change in events)
        {
            if (_logger.IsEnabled(LogLevel.Information))
            {
#pragma warning disable CA1873 // guarded by IsEnabled just above
                Log.Change(_logger, _self, Describe(change));
#pragma warning restore CA1873
            }
        }

        if (events.Length > 0)
        {
            var state = State();
            foreach (var subscriber in _subscribers)
            {
                foreach (var change in events)
                {
                    subscriber.Tell(change, Self);
                }

                subscriber.Tell(state, Self);
            }
        }

        if (!_joined)
        {
            return;
        }

        var me = data.Find(_self);
        if (me is null || me.Status == MemberStatus.Dead || (me.Status == MemberStatus.Left && !_leaving))
        {
            BecomeDead(me is null ? "its row is gone from the membership table" : "its row says " + me.Status);
            return;
        }

        UpdateDetectors(data);
        var now = _time.GetUtcNow();
        foreach (var stale in MembershipProtocol.FindStale(data, _self, now, _options.Agent.IAmAliveStaleLimit))
        {
            if (_pendingDeaths.Add(stale.Address))
            {
                var target = stale.Address;
                Enqueue("stale " + target, ct => DeclareStaleAsync(target, ct));
            }
        }
    }

    private void UpdateDetectors(MembershipTableData data)
    {
        _monitored = MembershipProtocol.MonitoredPeers(data, _self, _options.Agent.MonitoredPeers);
        foreach (var peer in _monitored)
        {
            if (!_detectors.ContainsKey(peer))
            {
                // Start the clock now, as if a heartbeat had just arrived: a peer that dies before its first
                // heartbeat reaches us must still become suspect.
                var detector = PhiAccrualFailureDetector.FromOptions(_options, _time);
                detector.Heartbeat();
                _detectors[peer] = detector;
            }
        }

        foreach (var known in _detectors.Keys.ToList())
        {
            if (!_monitored.Contains(known))
            {
                _detectors.Remove(known);
                _voted.Remove(known);
            }
        }

        foreach (var known in _peerRefs.Keys.ToList())
        {
            if (data.Find(known) is not { } row || !MembershipProtocol.IsLive(row.Status))
            {
                _peerRefs.Remove(known);
            }
        }
    }

    private void BecomeDead(string reason)
    {
        Timers.CancelAll();
        Log.SelfDead(_logger, _self, reason);
        var dead = new SelfDeclaredDead(_self, reason);
        foreach (var subscriber in _subscribers)
        {
            subscriber.Tell(dead, Self);
        }

        _dead.TrySetResult(dead);
        _up.TrySetException(new ClusterException($"Member {_self} expected to join cluster {_options.Id}, found {reason}"));
        Context.Stop(Self);
    }

    private async Task<object> JoinAsync(CancellationToken ct)
    {
        var oldOnes = ImmutableArray.CreateBuilder<MemberAddress>();
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var data = await _table.ReadAllAsync(ct).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            var me = data.Find(_self);
            MembershipWriteResult write;
            if (me is null)
            {
                if (attempt > 0 && _joinInserted)
                {
                    return new JoinResult(data, null, oldOnes.ToImmutable());
                }

                var entry = new MembershipEntry(_self, MemberStatus.Joining, _roles, _capacity, [], now, now);
                write = await _table.InsertRowAsync(entry, data.Version, ct).ConfigureAwait(false);
                _joinInserted |= write.IsApplied || write.Status == MembershipWriteStatus.RowAlreadyExists;
            }
            else if (MembershipProtocol.FindOlderIncarnations(data, _self) is [var old, ..])
            {
                var row = data.Find(old.Address)!;
                write = await _table.UpdateRowAsync(row with { Status = MemberStatus.Dead }, data.Version, ct).ConfigureAwait(false);
                if (write.IsApplied)
                {
                    oldOnes.Add(old.Address);
                }
            }
            else if (me.Status == MemberStatus.Joining)
            {
                write = await _table.UpdateRowAsync(me with { Status = MemberStatus.Active, IAmAliveTime = now }, data.Version, ct).ConfigureAwait(false);
            }
            else
            {
                return new JoinResult(data, me, oldOnes.ToImmutable());
            }

            if (!write.IsApplied)
            {
                Log.WriteConflict(_logger, "join");
                await Task.Delay(Backoff(attempt), _time, ct).ConfigureAwait(false);
            }
        }

        throw new ClusterException($"Member {_self} expected to join cluster {_options.Id} within {MaxAttempts} table writes, found the table changing under every attempt");
    }

    private async Task<object> SuspectAsync(MemberAddress target, CancellationToken ct)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var data = await _table.ReadAllAsync(ct).ConfigureAwait(false);
            var entry = MembershipProtocol.Suspect(data, target, _self, _time.GetUtcNow(), _options.Membership.VotesForDeath, _options.Agent.DeathVoteExpiration);
            if (entry is null)
            {
                return new VoteResult(target, false);
            }

            var write = await _table.UpdateRowAsync(entry, data.Version, ct).ConfigureAwait(false);
            if (write.IsApplied)
            {
                return new VoteResult(target, entry.Status == MemberStatus.Dead);
            }

            Log.WriteConflict(_logger, "suspect");
            await Task.Delay(Backoff(attempt), _time, ct).ConfigureAwait(false);
        }

        throw new ClusterException($"Vote against {target} expected to be written within {MaxAttempts} attempts, found the table changing under every attempt");
    }

    private async Task<object> DeclareStaleAsync(MemberAddress target, CancellationToken ct)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var data = await _table.ReadAllAsync(ct).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            var stale = MembershipProtocol.FindStale(data, _self, now, _options.Agent.IAmAliveStaleLimit);
            var row = stale.FirstOrDefault(m => m.Address == target);
            if (row is null)
            {
                return new StaleResult(target, false);
            }

            var write = await _table.UpdateRowAsync(row with { Status = MemberStatus.Dead }, data.Version, ct).ConfigureAwait(false);
            if (write.IsApplied)
            {
                return new StaleResult(target, true);
            }

            await Task.Delay(Backoff(attempt), _time, ct).ConfigureAwait(false);
        }

        throw new ClusterException($"Verdict on stale {target} expected to be written within {MaxAttempts} attempts, found the table changing under every attempt");
    }

    private async Task<object> WriteIAmAliveAsync(CancellationToken ct)
    {
        var exists = await _table.UpdateIAmAliveAsync(_self, _time.GetUtcNow(), ct).ConfigureAwait(false);
        if (exists)
        {
            await _table.CleanupDefunctSiloEntriesAsync(_time.GetUtcNow() - _options.Agent.DefunctRowExpiry, ct).ConfigureAwait(false);
        }

        return new IAmAliveResult(exists);
    }

    private async Task<object> LeaveAsync(CancellationToken ct)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var data = await _table.ReadAllAsync(ct).ConfigureAwait(false);
            var me = data.Find(_self);
            if (me is null || !MembershipProtocol.IsLive(me.Status))
            {
                return new LeaveResult(false);
            }

            var next = me.Status == MemberStatus.ShuttingDown ? MemberStatus.Left : MemberStatus.ShuttingDown;
            var write = await _table.UpdateRowAsync(me with { Status = next, IAmAliveTime = _time.GetUtcNow() }, data.Version, ct).ConfigureAwait(false);
            if (write.IsApplied && next == MemberStatus.Left)
            {
                return new LeaveResult(true);
            }

            if (!write.IsApplied)
            {
                await Task.Delay(Backoff(attempt), _time, ct).ConfigureAwait(false);
            }
        }

        throw new ClusterException($"Member {_self} expected to write its leave within {MaxAttempts} attempts, found the table changing under every attempt");
    }

    private static string Describe(IMembershipEvent change) => change switch
    {
        MemberJoined e => "joined " + e.Member.Address,
        MemberUp e => "up " + e.Member.Address,
        MemberSuspected e => "suspected " + e.Member.Address + " (" + e.Member.SuspectTimes.Length + " votes)",
        MemberLeaving e => "leaving " + e.Member.Address,
        MemberLeft e => "left " + e.Member.Address,
        MemberDown e => "down " + e.Member.Address,
        MemberRemoved e => "removed " + e.Member.Address,
        _ => change.GetType().Name,
    };

    // Spread retries of nodes that lost the same race, so they do not collide again in lock step.
    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 + (Math.Min(attempt, 10) * 20)));

    private sealed record HeartbeatTick;

    private sealed record RefreshTick;

    private sealed record IAmAliveTick;

    private sealed record RetryJoin;

    private sealed record OperationDone(string Name, object Result);

    private sealed record OperationFailed(string Name, Exception Cause);

    private sealed record TableRead(MembershipTableData Data);

    private sealed record JoinResult(MembershipTableData Data, MembershipEntry? Self, ImmutableArray<MemberAddress> OldIncarnations);

    private sealed record VoteResult(MemberAddress Target, bool DeclaredDead);

    private sealed record StaleResult(MemberAddress Target, bool DeclaredDead);

    private sealed record IAmAliveResult(bool RowExists);

    private sealed record LeaveResult(bool Written);
}
