namespace FtActors.Metrics;

/// <summary>The Prometheus metric types this library writes.</summary>
public enum MetricType
{
    /// <summary>A value that only goes up (resets on restart).</summary>
    Counter,

    /// <summary>A value that goes up and down.</summary>
    Gauge,

    /// <summary>Observations counted into cumulative buckets, with their sum and count.</summary>
    Histogram,
}
