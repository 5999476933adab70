using System.Collections.Immutable;

namespace FtActors.Metrics;

/// <summary>A gauge family.</summary>
public sealed class Gauge : MetricFamily
{
    internal Gauge(string name, string help, ImmutableArray<string> labelNames)
        : base(name, help, MetricType.Gauge, labelNames)
    {
    }

    /// <summary>The series for these label values (created at 0 on first use).</summary>
    public GaugeSeries WithLabels(params string[] labelValues) => GetOrAdd(labelValues, static () => new GaugeSeries());
}
