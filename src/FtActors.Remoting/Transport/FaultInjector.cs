using FtActors.Remoting.Framing;

namespace FtActors.Remoting.Transport;

/// <summary>
/// The fault-injecting adapter between the TCP transport and the protocol layer (after Akka's failure injector
/// and TestConductor verbs): drop, delay, throttle or blackhole frames. It exists only when configured, and its
/// settings can be changed while connections run, so a test can cut a link and heal it again.
/// </summary>
public sealed class FaultInjector
{
    private readonly Random _random;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private double _dropProbability;
    private TimeSpan _delay;
    private long _throttle;
    private volatile bool _blackhole;
    private long _dropped;

    internal FaultInjector(FaultInjectionOptions options, TimeProvider time)
    {
        _random = new Random(options.Seed);
        _time = time;
        _dropProbability = options.DropProbability;
        _delay = options.Delay;
        _throttle = options.ThrottleBytesPerSecond;
        _blackhole = options.Blackhole;
    }

    /// <summary>When true every frame, in and out, is silently discarded.</summary>
    public bool Blackhole
    {
        get => _blackhole;
        set => _blackhole = value;
    }

    /// <summary>Frames dropped so far (by blackhole or drop probability), for test assertions.</summary>
    public long DroppedFrames => Interlocked.Read(ref _dropped);

    /// <summary>Changes the drop probability of outbound actor messages (0..1).</summary>
    public void SetDropProbability(double probability)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(probability, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(probability, 1);
        lock (_gate)
        {
            _dropProbability = probability;
        }
    }

    /// <summary>Changes the delay added before each outbound frame.</summary>
    public void SetDelay(TimeSpan delay)
    {
        lock (_gate)
        {
            _delay = delay;
        }
    }

    /// <summary>Changes the outbound bandwidth cap (bytes per second, 0 for none).</summary>
    public void SetThrottle(long bytesPerSecond)
    {
        lock (_gate)
        {
            _throttle = bytesPerSecond;
        }
    }

    /// <summary>True when an inbound frame must be discarded.</summary>
    internal bool DropInbound()
    {
        if (!_blackhole)
        {
            return false;
        }

        Interlocked.Increment(ref _dropped);
        return true;
    }

    /// <summary>Decides the fate of an outbound frame: waits out delay and throttle, then says whether to send it.</summary>
    internal async ValueTask<bool> AdmitAsync(FrameType type, int bytes, CancellationToken cancellationToken)
    {
        if (_blackhole)
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        TimeSpan wait;
        bool drop;
        lock (_gate)
        {
            drop = type == FrameType.Message && _dropProbability > 0 && _random.NextDouble() < _dropProbability;
            wait = _delay;
            if (_throttle > 0)
            {
                wait += TimeSpan.FromSeconds((double)bytes / _throttle);
            }
        }

        if (drop)
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }
}
