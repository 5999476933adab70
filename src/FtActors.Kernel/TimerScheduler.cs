namespace FtActors.Kernel;

/// <summary>
/// The cell's timers. Each timer tells the actor a <see cref="Fire"/> carrying a generation number; the cell
/// accepts it only if that generation is still the live one, which is how a cancelled timer's queued message dies.
/// </summary>
internal sealed class TimerScheduler(ActorCell cell) : ITimerScheduler
{
    private readonly Dictionary<object, Entry> _timers = [];
    private int _generation;

    public void StartSingleTimer(object key, object message, TimeSpan delay) =>
        Start(key, message, delay, Timeout.InfiniteTimeSpan, repeat: false);

    public void StartPeriodicTimer(object key, object message, TimeSpan interval) =>
        StartPeriodicTimer(key, message, interval, interval);

    public void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Start(key, message, initialDelay, interval, repeat: true);
    }

    public bool IsTimerActive(object key) => _timers.ContainsKey(key);

    public void Cancel(object key)
    {
        if (_timers.Remove(key, out var entry))
        {
            entry.Timer.Dispose();
        }
    }

    public void CancelAll()
    {
        foreach (var entry in _timers.Values)
        {
            entry.Timer.Dispose();
        }

        _timers.Clear();
    }

    /// <summary>True when <paramref name="fire"/> comes from a live timer; a single timer is then forgotten.</summary>
    public bool Accept(Fire fire)
    {
        if (!_timers.TryGetValue(fire.Key, out var entry) || entry.Generation != fire.Generation)
        {
            return false;
        }

        if (!fire.Repeat)
        {
            _timers.Remove(fire.Key);
            entry.Timer.Dispose();
        }

        return true;
    }

    private void Start(object key, object message, TimeSpan delay, TimeSpan period, bool repeat)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Cancel(key);
        var fire = new Fire(key, message, ++_generation, repeat, cell.SelfRef);
        var timer = cell.System.TimeProvider.CreateTimer(static s => ((Fire)s!).Send(), fire, delay, period);
        _timers[key] = new Entry(timer, fire.Generation);
    }

    private readonly record struct Entry(ITimer Timer, int Generation);

    /// <summary>The message a timer sends; one instance per timer start, reused by every tick of a periodic timer.</summary>
    internal sealed class Fire(object key, object message, int generation, bool repeat, IActorRef target) : IAutoReceivedMessage
    {
        public object Key { get; } = key;

        public object Message { get; } = message;

        public int Generation { get; } = generation;

        public bool Repeat { get; } = repeat;

        public void Send() => target.Tell(this);
    }
}
