using Prometheus;

namespace FtActors.Metrics;

/// <summary>
/// One process's metric families, on a prometheus-net <see cref="CollectorRegistry"/> of its own (not the library's
/// static default registry, so tests and several nodes in one process never share series). Registering a name again
/// with the same type and labels returns the existing family; another type or other labels throws.
/// </summary>
public sealed class MetricsRegistry
{
    private readonly MetricFactory _factory;

    /// <summary>An empty registry.</summary>
    public MetricsRegistry()
    {
        Collectors = Prometheus.Metrics.NewCustomRegistry();
        _factory = Prometheus.Metrics.WithCustomRegistry(Collectors);
    }

    /// <summary>The prometheus-net registry behind it (what <see cref="MetricsServer"/> exports).</summary>
    public CollectorRegistry Collectors { get; }

    /// <summary>Registers a counter (or returns the existing one of the same name and labels).</summary>
    /// <exception cref="ArgumentException">A name that breaks the exposition format's grammar.</exception>
    /// <exception cref="InvalidOperationException">The name is taken by another type or other labels.</exception>
    public Counter CreateCounter(string name, string help, params string[] labelNames) =>
        _factory.CreateCounter(name, CheckHelp(name, help), new CounterConfiguration { LabelNames = labelNames });

    /// <summary>Registers a gauge (or returns the existing one).</summary>
    /// <exception cref="ArgumentException">A name that breaks the exposition format's grammar.</exception>
    /// <exception cref="InvalidOperationException">The name is taken by another type or other labels.</exception>
    public Gauge CreateGauge(string name, string help, params string[] labelNames) =>
        _factory.CreateGauge(name, CheckHelp(name, help), new GaugeConfiguration { LabelNames = labelNames });

    /// <summary>Registers a histogram with the given finite, increasing upper bounds (or returns the existing one).</summary>
    /// <exception cref="ArgumentException">A bad name or bounds that are not increasing.</exception>
    /// <exception cref="InvalidOperationException">The name is taken by another type or other labels.</exception>
    public Histogram CreateHistogram(string name, string help, double[] bounds, params string[] labelNames) =>
        _factory.CreateHistogram(name, CheckHelp(name, help), new HistogramConfiguration { Buckets = bounds, LabelNames = labelNames });

    /// <summary>
    /// prometheus-net writes help text as given, but the format needs a backslash and a line break escaped on a
    /// <c># HELP</c> line: one would break the exposition, so they are refused here.
    /// </summary>
    private static string CheckHelp(string name, string help)
    {
        ArgumentNullException.ThrowIfNull(help);
        var bad = help.IndexOfAny(['\\', '\n', '\r']);
        return bad < 0
            ? help
            : throw new ArgumentException($"help text of {name}: expected no backslash or line break, found {(help[bad] == '\\' ? "a backslash" : "a line break")} at character {bad}", nameof(help));
    }

    /// <summary>Renders every family in the text exposition format 0.0.4, as a scrape gets it.</summary>
    public async Task<string> RenderAsync(CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await Collectors.CollectAndExportAsTextAsync(buffer, cancellationToken).ConfigureAwait(false);
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
