namespace FtActors.Upkeep;

/// <summary>
/// A byte-rate limiter: tokens accrue at <see cref="RatePerSecond"/> up to <see cref="Burst"/>, and taking
/// more than is there makes the caller wait for the difference. Over any window of length T the bytes taken
/// never exceed <c>Burst + rate * T</c>. Time comes from a <see cref="TimeProvider"/>, so tests drive it.
/// </summary>
/// <remarks>Not thread-safe: one sender (or one scan task) owns a bucket.</remarks>
public sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private double _tokens;
    private long _lastTicks;

    /// <summary>Creates a full bucket.</summary>
    /// <param name="ratePerSecond">Bytes per second, at least 1.</param>
    /// <param name="burst">Most bytes that may go at once; at least one page so a page always fits.</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public TokenBucket(long ratePerSecond, long burst, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ratePerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        RatePerSecond = ratePerSecond;
        Burst = burst;
        _time = time ?? TimeProvider.System;
        _tokens = burst;
        _lastTicks = _time.GetTimestamp();
    }

    /// <summary>Sustained rate in bytes per second.</summary>
    public long RatePerSecond { get; }

    /// <summary>Bucket size in bytes.</summary>
    public long Burst { get; }

    /// <summary>
    /// Takes <paramref name="bytes"/> (at most <see cref="Burst"/>) and returns how long the caller must wait
    /// before using them: zero when the tokens were there. The debt is counted at once, so callers that take
    /// back to back queue behind each other.
    /// </summary>
    public TimeSpan Take(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, Burst);
        Refill();
        _tokens -= bytes;
        // Rounded up to whole ticks: rounding down would let a caller start a hair early and exceed the rate.
        return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)Math.Ceiling(-_tokens * TimeSpan.TicksPerSecond / RatePerSecond));
    }

    /// <summary>Takes <paramref name="bytes"/>, waiting on the bucket's clock when it is short.</summary>
    public async Task TakeAsync(long bytes, CancellationToken cancellationToken)
    {
        for (long left = bytes; left > 0;)
        {
            long chunk = Math.Min(left, Burst);
            TimeSpan wait = Take(chunk);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }

            left -= chunk;
        }
    }

    private void Refill()
    {
        long now = _time.GetTimestamp();
        double seconds = (double)(now - _lastTicks) / _time.TimestampFrequency;
        _lastTicks = now;
        _tokens = Math.Min(Burst, _tokens + (seconds * RatePerSecond));
    }
}
