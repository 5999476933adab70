namespace FtActors.Metrics;

/// <summary>A counter series: only increases.</summary>
public sealed class CounterSeries : MetricSeries
{
    private double _value;

    internal CounterSeries()
    {
    }

    /// <summary>Current value.</summary>
    public double Value
    {
        get
        {
            lock (Gate)
            {
                return _value;
            }
        }
    }

    /// <summary>Adds <paramref name="amount"/> (default 1); a negative or NaN amount is a bug and throws.</summary>
    public void Inc(double amount = 1)
    {
        if (!(amount >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "a counter only increases: expected a non-negative amount");
        }

        lock (Gate)
        {
            _value += amount;
        }
    }
}
