using System.Collections.Immutable;

namespace FtActors.Metrics;

/// <summary>Holds metric families by name; the text writer renders them in registration order. Thread-safe.</summary>
public sealed class MetricsRegistry
{
    private readonly object _gate = new();
    private ImmutableList<MetricFamily> _families = [];

    /// <summary>The registered families, in registration order.</summary>
    public IReadOnlyList<MetricFamily> Families => _families;

    /// <summary>Registers a counter (or returns the existing one of the same name, type and labels).</summary>
    public Counter CreateCounter(string name, string help, params string[] labelNames) =>
        Add(name, () => new Counter(name, help, [.. labelNames]), labelNames);

    /// <summary>Registers a gauge (or returns the existing one).</summary>
    public Gauge CreateGauge(string name, string help, params string[] labelNames) =>
        Add(name, () => new Gauge(name, help, [.. labelNames]), labelNames);

    /// <summary>Registers a histogram with the given finite, increasing bounds (or returns the existing one).</summary>
    public Histogram CreateHistogram(string name, string help, double[] bounds, params string[] labelNames) =>
        Add(name, () => new Histogram(name, help, [.. bounds], [.. labelNames]), labelNames);

    private T Add<T>(string name, Func<T> create, string[] labelNames)
        where T : MetricFamily
    {
        lock (_gate)
        {
            // Histograms own name_bucket/_sum/_count, so those names clash too.
            var existing = _families.FirstOrDefault(f => f.Name == name);
            if (existing is T same && same.LabelNames.SequenceEqual(labelNames, StringComparer.Ordinal))
            {
                return same;
            }

            if (existing is not null)
            {
                throw new ArgumentException($"metric {name} is already registered as a {existing.Type} with labels ({string.Join(", ", existing.LabelNames)})", nameof(name));
            }

            var family = create();
            _families = _families.Add(family);
            return family;
        }
    }
}
