using Prometheus;

namespace FtActors.Metrics;

/// <summary>
/// The node process's own families beside <see cref="HealthMetrics"/>: guests and their coverage, migrations and
/// cluster status (docs/metrics.md, "Node metrics").
/// </summary>
public sealed class NodeMetrics
{
    /// <summary>Registers the families in <paramref name="registry"/>.</summary>
    public NodeMetrics(MetricsRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Coverage = registry.CreateGauge("ftactors_guest_coverage_ratio", "Fraction of a guest's pages its spare's store holds (0 when no upkeep runs).", "guest");
        GuestRamBytes = registry.CreateGauge("ftactors_guest_ram_bytes", "RAM of a guest running on this node.", "guest");
        MigrationsStarted = registry.CreateCounter("ftactors_migrations_started_total", "Migration sessions this node started.", "trigger");
        MigrationsFinished = registry.CreateCounter("ftactors_migrations_finished_total", "Migration sessions that ended, by outcome.", "outcome");
        MigrationsRunning = registry.CreateGauge("ftactors_migrations_running", "Migration sessions running now.");
        MigrationBytes = registry.CreateCounter("ftactors_migration_bytes_on_wire_total", "Bytes written to page connections by finished sessions.");
        MigrationPagesSent = registry.CreateCounter("ftactors_migration_pages_sent_total", "Pages sent in full by finished sessions.");
        MigrationPagesReferenced = registry.CreateCounter("ftactors_migration_pages_referenced_total", "Pages sent as store references by finished sessions.");
        MigrationDowntime = registry.CreateHistogram("ftactors_migration_downtime_seconds", "Downtime of committed sessions.", [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10]);
        MigrationDuration = registry.CreateHistogram("ftactors_migration_duration_seconds", "Total time of finished sessions.", [0.5, 1, 2, 3, 5, 10, 30, 60, 120]);
        ReceivedSessions = registry.CreateCounter("ftactors_receiver_sessions_total", "Incoming migrations served by this node's receiver, by outcome.", "outcome");
        Predictions = registry.CreateCounter("ftactors_node_predictions_received_total", "Failure predictions for this node that it acted on, by origin (policy, admin, cluster).", "origin");
        ClusterMembers = registry.CreateGauge("ftactors_cluster_members", "Akka.NET cluster members by status, as this node sees them.", "status");
        ClusterUnreachable = registry.CreateGauge("ftactors_cluster_unreachable_members", "Members this node's failure detector finds unreachable.");
        ClusterUp = registry.CreateGauge("ftactors_cluster_self_up", "1 while this node is an Up member, else 0.");
        SlurmDrained = registry.CreateGauge("ftactors_slurm_drained", "1 while FtActors holds a Slurm drain on this node.");
    }

    /// <summary><c>ftactors_guest_coverage_ratio{guest}</c>.</summary>
    public Gauge Coverage { get; }

    /// <summary><c>ftactors_guest_ram_bytes{guest}</c>.</summary>
    public Gauge GuestRamBytes { get; }

    /// <summary><c>ftactors_migrations_started_total{trigger}</c> (operator, prediction).</summary>
    public Counter MigrationsStarted { get; }

    /// <summary><c>ftactors_migrations_finished_total{outcome}</c>.</summary>
    public Counter MigrationsFinished { get; }

    /// <summary><c>ftactors_migrations_running</c>.</summary>
    public Gauge MigrationsRunning { get; }

    /// <summary><c>ftactors_migration_bytes_on_wire_total</c>.</summary>
    public Counter MigrationBytes { get; }

    /// <summary><c>ftactors_migration_pages_sent_total</c>.</summary>
    public Counter MigrationPagesSent { get; }

    /// <summary><c>ftactors_migration_pages_referenced_total</c>.</summary>
    public Counter MigrationPagesReferenced { get; }

    /// <summary><c>ftactors_migration_downtime_seconds</c>.</summary>
    public Histogram MigrationDowntime { get; }

    /// <summary><c>ftactors_migration_duration_seconds</c>.</summary>
    public Histogram MigrationDuration { get; }

    /// <summary><c>ftactors_receiver_sessions_total{outcome}</c>.</summary>
    public Counter ReceivedSessions { get; }

    /// <summary><c>ftactors_node_predictions_received_total{origin}</c>.</summary>
    public Counter Predictions { get; }

    /// <summary><c>ftactors_cluster_members{status}</c>.</summary>
    public Gauge ClusterMembers { get; }

    /// <summary><c>ftactors_cluster_self_up</c>.</summary>
    public Gauge ClusterUp { get; }

    /// <summary>Members this node finds unreachable.</summary>
    public Gauge ClusterUnreachable { get; }

    /// <summary><c>ftactors_slurm_drained</c>.</summary>
    public Gauge SlurmDrained { get; }
}
