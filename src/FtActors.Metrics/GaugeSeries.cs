namespace FtActors.Metrics;

/// <summary>A gauge series: set to any value, including NaN for "no reading".</summary>
public sealed class GaugeSeries : MetricSeries
{
    private double _value;

    internal GaugeSeries()
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

    /// <summary>Sets the value.</summary>
    public void Set(double value)
    {
        lock (Gate)
        {
            _value = value;
        }
    }

    /// <summary>Adds <paramref name="amount"/> (negative to decrease).</summary>
    public void Add(double amount)
    {
        lock (Gate)
        {
            _value += amount;
        }
    }
}
