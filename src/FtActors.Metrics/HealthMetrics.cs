using Prometheus;

namespace FtActors.Metrics;

/// <summary>
/// The health monitor's metric families (names after node_exporter's conventions; see docs/metrics.md). The
/// evacuation gauge is defined now and fed by the migration side later.
/// </summary>
public sealed class HealthMetrics
{
    /// <summary>Registers the families in <paramref name="registry"/>.</summary>
    public HealthMetrics(MetricsRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        CheckState = registry.CreateGauge("ftactors_health_check_state", "State of a health check: 0 ok, 1 warning, 2 failing, 3 unknown.", "check", "source");
        Reading = registry.CreateGauge("ftactors_health_reading", "Last value of a health reading, in the unit named by the unit label (NaN when unreadable).", "check", "source", "unit");
        TimeToFailure = registry.CreateGauge("ftactors_health_time_to_failure_seconds", "Estimated seconds until a trending check reaches its critical limit.", "check", "source");
        TimeToEvacuate = registry.CreateGauge("ftactors_guest_time_to_evacuate_seconds", "Estimated seconds to migrate a guest off this node now.", "guest");
        Polls = registry.CreateCounter("ftactors_health_polls_total", "Health polls completed.");
        SourceErrors = registry.CreateCounter("ftactors_health_source_errors_total", "Readings a source reported as unknown (could not run or parse).", "source");
        Predictions = registry.CreateCounter("ftactors_health_predictions_total", "Failure predictions published by this node's policy.");
        PollDuration = registry.CreateHistogram("ftactors_health_poll_duration_seconds", "Wall time of one poll of all sources.", [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5]);
    }

    /// <summary><c>ftactors_health_check_state{check,source}</c>.</summary>
    public Gauge CheckState { get; }

    /// <summary><c>ftactors_health_reading{check,source,unit}</c>.</summary>
    public Gauge Reading { get; }

    /// <summary><c>ftactors_health_time_to_failure_seconds{check,source}</c>.</summary>
    public Gauge TimeToFailure { get; }

    /// <summary><c>ftactors_guest_time_to_evacuate_seconds{guest}</c>.</summary>
    public Gauge TimeToEvacuate { get; }

    /// <summary><c>ftactors_health_polls_total</c>.</summary>
    public Counter Polls { get; }

    /// <summary><c>ftactors_health_source_errors_total{source}</c>.</summary>
    public Counter SourceErrors { get; }

    /// <summary><c>ftactors_health_predictions_total</c>.</summary>
    public Counter Predictions { get; }

    /// <summary><c>ftactors_health_poll_duration_seconds</c>.</summary>
    public Histogram PollDuration { get; }
}
