using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace FtActors.Metrics;

/// <summary>
/// A named metric with a fixed set of label names; one child series per distinct set of label values. Children are
/// created on first use and live until removed. Thread-safe.
/// </summary>
public abstract class MetricFamily
{
    private readonly ConcurrentDictionary<LabelKey, MetricSeries> _children = new();

    private protected MetricFamily(string name, string help, MetricType type, ImmutableArray<string> labelNames)
    {
        if (!MetricNames.IsValidMetricName(name))
        {
            throw new ArgumentException($"metric name '{name}': expected [a-zA-Z_:][a-zA-Z0-9_:]*", nameof(name));
        }

        foreach (var l in labelNames)
        {
            if (!MetricNames.IsValidLabelName(l) || (type == MetricType.Histogram && l == "le"))
            {
                throw new ArgumentException($"label name '{l}' of {name}: expected [a-zA-Z_][a-zA-Z0-9_]*, not starting with __ (and not 'le' on a histogram)", nameof(labelNames));
            }
        }

        if (labelNames.Distinct(StringComparer.Ordinal).Count() != labelNames.Length)
        {
            throw new ArgumentException($"label names of {name} repeat: {string.Join(", ", labelNames)}", nameof(labelNames));
        }

        Name = name;
        Help = help ?? string.Empty;
        Type = type;
        LabelNames = labelNames;
    }

    /// <summary>Metric name.</summary>
    public string Name { get; }

    /// <summary>Help text for the <c># HELP</c> line.</summary>
    public string Help { get; }

    /// <summary>Metric type for the <c># TYPE</c> line.</summary>
    public MetricType Type { get; }

    /// <summary>Label names, in the order label values are given.</summary>
    public ImmutableArray<string> LabelNames { get; }

    /// <summary>Removes the series with these label values, e.g. for a guest that left the node.</summary>
    public bool Remove(params string[] labelValues) => _children.TryRemove(new LabelKey([.. labelValues]), out _);

    /// <summary>A snapshot of the series, ordered by label values so output is stable.</summary>
    internal IEnumerable<(ImmutableArray<string> Labels, MetricSeries Series)> Series() =>
        _children.OrderBy(kv => kv.Key).Select(kv => (kv.Key.Values, kv.Value));

    private protected T GetOrAdd<T>(string[] labelValues, Func<T> create)
        where T : MetricSeries
    {
        ArgumentNullException.ThrowIfNull(labelValues);
        if (labelValues.Length != LabelNames.Length)
        {
            throw new ArgumentException($"{Name}: expected {LabelNames.Length} label value(s) ({string.Join(", ", LabelNames)}), found {labelValues.Length}", nameof(labelValues));
        }

        if (labelValues.Any(v => v is null))
        {
            throw new ArgumentException($"{Name}: label values must not be null", nameof(labelValues));
        }

        return (T)_children.GetOrAdd(new LabelKey([.. labelValues]), _ => create());
    }

    private readonly record struct LabelKey(ImmutableArray<string> Values) : IComparable<LabelKey>
    {
        public bool Equals(LabelKey other) => Values.SequenceEqual(other.Values, StringComparer.Ordinal);

        public override int GetHashCode()
        {
            var h = default(HashCode);
            foreach (var v in Values)
            {
                h.Add(v, StringComparer.Ordinal);
            }

            return h.ToHashCode();
        }

        public int CompareTo(LabelKey other)
        {
            for (int i = 0; i < Math.Min(Values.Length, other.Values.Length); i++)
            {
                int c = string.CompareOrdinal(Values[i], other.Values[i]);
                if (c != 0)
                {
                    return c;
                }
            }

            return Values.Length.CompareTo(other.Values.Length);
        }
    }
}
