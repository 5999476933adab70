namespace FtActors.Metrics;

/// <summary>One time series (a family's child for one set of label values).</summary>
public abstract class MetricSeries
{
    private protected MetricSeries()
    {
    }

    private protected object Gate { get; } = new();
}
