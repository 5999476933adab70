using System.Collections.Immutable;
using FtActors.Health.Policy;
using Akka.Actor;

namespace FtActors.Health;

/// <summary>
/// One per node: polls the sources every interval, runs the policy and tells subscribers the readings
/// (<see cref="HealthReadings"/>), state changes (<see cref="HealthStateChanged"/>) and predictions
/// (<see cref="FailurePrediction"/>). Polling runs off the actor and comes back as a message, so receive never
/// blocks; a tick that arrives while a poll is still running is skipped rather than queued, so a slow source
/// cannot pile up polls.
/// </summary>
public sealed class HealthMonitorActor : ReceiveActor, IWithTimers
{
    private readonly string _node;
    private readonly ImmutableArray<IHealthSource> _sources;
    private readonly HealthPolicy _policy;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly HashSet<IActorRef> _subscribers = [];
    private bool _polling;
    private long _polls;
    private ImmutableArray<CheckStatus> _last = [];

    /// <summary>Creates the monitor; see <see cref="Props"/>.</summary>
    public HealthMonitorActor(string node, ImmutableArray<IHealthSource> sources, HealthPolicy policy, TimeSpan interval, TimeProvider time)
    {
        _node = node;
        _sources = sources;
        _policy = policy;
        _interval = interval;
        _time = time;
        // Block bodies: a lambda returning HashSet's bool would bind to Akka's Func<T, bool> overload, where
        // false means "not handled".
        Receive<SubscribeHealth>(m => { _subscribers.Add(m.Subscriber); });
        Receive<UnsubscribeHealth>(m => { _subscribers.Remove(m.Subscriber); });
        Receive<SetMaintenance>(m => _policy.SetMaintenance(m.On));
        Receive<GetHealthStatus>(_ => Sender.Tell(new HealthStatus(_node, _last, _policy.Options.Maintenance, _polls), Self));
        Receive<PollNow>(_ => StartPoll());
        Receive<Tick>(_ => StartPoll());
        Receive<PollDone>(OnPollDone);
        // Sources never throw (HealthSources turns faults into Unknown), but a failed poll must not wedge polling.
        Receive<Status.Failure>(_ => _polling = false);
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for a monitor of <paramref name="node"/> polling <paramref name="sources"/> every <paramref name="interval"/>.</summary>
    public static Props Props(string node, ImmutableArray<IHealthSource> sources, HealthPolicy policy, TimeSpan interval, TimeProvider time) =>
        Akka.Actor.Props.Create(() => new HealthMonitorActor(node, sources, policy, interval, time));

    /// <inheritdoc />
    protected override void PreStart() => Timers.StartPeriodicTimer("poll", Tick.Instance, _interval);

    private void StartPoll()
    {
        if (_polling)
        {
            return;
        }

        _polling = true;
        var sources = _sources;
        PollAllAsync(sources).PipeTo(Self, success: r => new PollDone(r));
    }

    private static async Task<ImmutableArray<HealthReading>> PollAllAsync(ImmutableArray<IHealthSource> sources)
    {
        // Sources run concurrently, each under its own timeout, so one hung command does not delay the others.
        var all = await Task.WhenAll(sources.Select(s => HealthSources.PollAsync(s, CancellationToken.None))).ConfigureAwait(false);
        return [.. all.SelectMany(r => r)];
    }

    private void OnPollDone(PollDone done)
    {
        _polling = false;
        _polls++;
        var now = _time.GetUtcNow();
        var result = _policy.Evaluate(done.Readings);
        _last = result.Checks;
        var readings = new HealthReadings(_node, done.Readings, now);
        foreach (var s in _subscribers)
        {
            s.Tell(readings, Self);
            foreach (var c in result.Changes)
            {
                s.Tell(new HealthStateChanged(_node, c), Self);
            }

            foreach (var p in result.Predictions)
            {
                s.Tell(p, Self);
            }
        }
    }

    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed record PollDone(ImmutableArray<HealthReading> Readings);
}
