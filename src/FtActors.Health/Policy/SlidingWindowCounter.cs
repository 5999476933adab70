namespace FtActors.Health.Policy;

/// <summary>Sums event counts over a sliding time window; old entries are dropped as time passes.</summary>
public sealed class SlidingWindowCounter(TimeSpan window)
{
    private readonly Queue<(DateTimeOffset At, long Count)> _entries = new();
    private long _sum;

    /// <summary>Adds <paramref name="count"/> events observed at <paramref name="at"/> (times must not go backwards).</summary>
    public void Add(DateTimeOffset at, long count)
    {
        if (count > 0)
        {
            _entries.Enqueue((at, count));
            _sum += count;
        }

        Trim(at);
    }

    /// <summary>Events in <c>(now - window, now]</c>.</summary>
    public long Sum(DateTimeOffset now)
    {
        Trim(now);
        return _sum;
    }

    private void Trim(DateTimeOffset now)
    {
        while (_entries.Count > 0 && _entries.Peek().At <= now - window)
        {
            _sum -= _entries.Dequeue().Count;
        }
    }
}
