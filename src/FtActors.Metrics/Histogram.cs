using System.Collections.Immutable;

namespace FtActors.Metrics;

/// <summary>A histogram family with fixed upper bounds (the implicit <c>+Inf</c> bucket is always written).</summary>
public sealed class Histogram : MetricFamily
{
    internal Histogram(string name, string help, ImmutableArray<double> bounds, ImmutableArray<string> labelNames)
        : base(name, help, MetricType.Histogram, labelNames)
    {
        if (bounds.Any(b => !double.IsFinite(b)) || bounds.Zip(bounds.Skip(1)).Any(p => p.First >= p.Second))
        {
            throw new ArgumentException($"{name}: bucket bounds must be finite and strictly increasing, found {string.Join(", ", bounds)}", nameof(bounds));
        }

        Bounds = bounds;
    }

    /// <summary>The finite upper bounds.</summary>
    public ImmutableArray<double> Bounds { get; }

    /// <summary>The series for these label values.</summary>
    public HistogramSeries WithLabels(params string[] labelValues) => GetOrAdd(labelValues, () => new HistogramSeries(Bounds));
}
