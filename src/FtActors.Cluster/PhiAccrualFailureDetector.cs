namespace FtActors.Cluster;

/// <summary>
/// The phi-accrual failure detector (Hayashibara et al.; the form Akka uses). It keeps the intervals between a
/// peer's heartbeats, models them as a normal distribution, and turns "no heartbeat for t" into
/// phi = -log10(P(next heartbeat comes later than t)). Phi 1 means a 10 % chance that the peer is merely late,
/// phi 8 one in 10^8. The acceptable pause is added to the mean so a GC pause or busy link does not raise phi.
/// Time comes from <see cref="TimeProvider"/>, so tests drive it with a manual clock. Not thread-safe: one
/// actor owns each instance.
/// </summary>
public sealed class PhiAccrualFailureDetector
{
    private readonly TimeProvider _time;
    private readonly double _threshold;
    private readonly double _minStdDevMs;
    private readonly double _acceptablePauseMs;
    private readonly double _firstEstimateMs;
    private readonly int _maxSamples;
    private readonly Queue<double> _intervals = new();
    private double _sum;
    private double _squaredSum;
    private long? _lastTimestamp;

    /// <summary>Creates a detector that has seen no heartbeat yet (it reports the peer available until it has).</summary>
    /// <param name="threshold">Phi above which <see cref="IsAvailable"/> turns false.</param>
    /// <param name="maxSampleSize">Intervals remembered; the oldest is dropped beyond this.</param>
    /// <param name="minStdDeviation">Floor of the standard deviation, so very regular heartbeats do not make phi jumpy.</param>
    /// <param name="acceptableHeartbeatPause">Added to the mean interval.</param>
    /// <param name="firstHeartbeatEstimate">Expected interval used to seed the history at the first heartbeat.</param>
    /// <param name="timeProvider">Clock; the system clock when null.</param>
    public PhiAccrualFailureDetector(
        double threshold,
        int maxSampleSize,
        TimeSpan minStdDeviation,
        TimeSpan acceptableHeartbeatPause,
        TimeSpan firstHeartbeatEstimate,
        TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threshold);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSampleSize);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(minStdDeviation, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(acceptableHeartbeatPause, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstHeartbeatEstimate, TimeSpan.Zero);
        _threshold = threshold;
        _maxSamples = maxSampleSize;
        _minStdDevMs = minStdDeviation.TotalMilliseconds;
        _acceptablePauseMs = acceptableHeartbeatPause.TotalMilliseconds;
        _firstEstimateMs = firstHeartbeatEstimate.TotalMilliseconds;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Creates a detector with the thresholds of <paramref name="options"/>; the heartbeat interval seeds the history.</summary>
    public static PhiAccrualFailureDetector FromOptions(ClusterOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new PhiAccrualFailureDetector(options.PhiThreshold, options.MaxSampleSize, options.MinStdDeviation,
            options.AcceptableHeartbeatPause, options.HeartbeatInterval, timeProvider);
    }

    /// <summary>True once at least one heartbeat arrived.</summary>
    public bool IsMonitoring => _lastTimestamp.HasValue;

    /// <summary>Intervals currently in the history (the seed counts as two).</summary>
    public int SampleCount => _intervals.Count;

    /// <summary>False when phi is above the threshold: the peer is suspected.</summary>
    public bool IsAvailable => Phi() < _threshold;

    /// <summary>Records a heartbeat arriving now.</summary>
    public void Heartbeat()
    {
        var now = _time.GetTimestamp();
        if (_lastTimestamp is { } last)
        {
            var interval = _time.GetElapsedTime(last, now).TotalMilliseconds;
            // Only a heartbeat that arrives while the peer still counts as available feeds the history, so a long
            // outage does not teach the detector that outages are normal.
            if (Phi(now) < _threshold)
            {
                Add(interval);
            }
        }
        else
        {
            // Seed with two intervals around the estimate: mean = estimate, standard deviation = estimate / 4.
            var spread = _firstEstimateMs / 4;
            Add(_firstEstimateMs - spread);
            Add(_firstEstimateMs + spread);
        }

        _lastTimestamp = now;
    }

    /// <summary>The suspicion level now; 0 before the first heartbeat.</summary>
    public double Phi() => Phi(_time.GetTimestamp());

    /// <summary>
    /// Phi for a gap of <paramref name="elapsedMs"/> given the mean and standard deviation of intervals, using the
    /// logistic approximation of the normal distribution's tail (error below 0.02 % against the exact CDF).
    /// </summary>
    public static double PhiOf(double elapsedMs, double meanMs, double stdDevMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stdDevMs);
        var y = (elapsedMs - meanMs) / stdDevMs;
        var e = Math.Exp(-y * (1.5976 + (0.070566 * y * y)));
        // Two algebraically equal forms; each stays accurate on its own side of the mean.
        return elapsedMs > meanMs
            ? -Math.Log10(e / (1.0 + e))
            : -Math.Log10(1.0 - (1.0 / (1.0 + e)));
    }

    private double Phi(long now)
    {
        if (_lastTimestamp is not { } last)
        {
            return 0;
        }

        var elapsed = _time.GetElapsedTime(last, now).TotalMilliseconds;
        var mean = _sum / _intervals.Count;
        var variance = Math.Max(0, (_squaredSum / _intervals.Count) - (mean * mean));
        var stdDev = Math.Max(Math.Sqrt(variance), _minStdDevMs);
        return PhiOf(elapsed, mean + _acceptablePauseMs, stdDev);
    }

    private void Add(double interval)
    {
        if (_intervals.Count == _maxSamples)
        {
            var dropped = _intervals.Dequeue();
            _sum -= dropped;
            _squaredSum -= dropped * dropped;
        }

        _intervals.Enqueue(interval);
        _sum += interval;
        _squaredSum += interval * interval;
    }
}
