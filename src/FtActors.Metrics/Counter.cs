using System.Collections.Immutable;

namespace FtActors.Metrics;

/// <summary>A counter family.</summary>
public sealed class Counter : MetricFamily
{
    internal Counter(string name, string help, ImmutableArray<string> labelNames)
        : base(name, help, MetricType.Counter, labelNames)
    {
    }

    /// <summary>The series for these label values (created at 0 on first use).</summary>
    public CounterSeries WithLabels(params string[] labelValues) => GetOrAdd(labelValues, static () => new CounterSeries());
}
