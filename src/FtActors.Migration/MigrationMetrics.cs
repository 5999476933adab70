using Prometheus;
using FtActors.Metrics;
using FtActors.Migration.Receiving;
using FtActors.Migration.Streaming;

namespace FtActors.Migration;

/// <summary>
/// Migration counters as Prometheus metrics (docs/migration.md "Metrics"), labelled by guest and by side
/// (<c>source</c> or <c>destination</c>), so one registry can serve both ends of sessions on a node.
/// </summary>
public sealed class MigrationMetrics
{
    /// <summary>Registers the families in <paramref name="registry"/>.</summary>
    public MigrationMetrics(MetricsRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        BytesRead = registry.CreateCounter("ftactors_migration_bytes_read_total", "Bytes read from the source guest's RAM file (holes are not read).", "guest");
        BytesOnWire = registry.CreateCounter("ftactors_migration_wire_bytes_total", "Page-connection bytes, frame headers included (source: written, destination: read).", "guest", "side");
        Pages = registry.CreateCounter("ftactors_migration_pages_total", "Pages by how they travelled: sent (in full), referenced (from the spare's store), zero (not sent).", "guest", "side", "kind");
        Rounds = registry.CreateCounter("ftactors_migration_rounds_total", "Rounds completed, the final one included.", "guest", "side");
        Sessions = registry.CreateCounter("ftactors_migration_sessions_total", "Sessions ended, by outcome (committed or aborted).", "guest", "side", "outcome");
        Downtime = registry.CreateGauge("ftactors_migration_downtime_seconds", "Downtime of the guest's last committed migration: source paused to destination running.", "guest");
        Duration = registry.CreateGauge("ftactors_migration_duration_seconds", "Wall time of the guest's last migration session, start to commit or abort.", "guest");
    }

    /// <summary><c>ftactors_migration_bytes_read_total{guest}</c>.</summary>
    public Counter BytesRead { get; }

    /// <summary><c>ftactors_migration_wire_bytes_total{guest,side}</c>.</summary>
    public Counter BytesOnWire { get; }

    /// <summary><c>ftactors_migration_pages_total{guest,side,kind}</c>.</summary>
    public Counter Pages { get; }

    /// <summary><c>ftactors_migration_rounds_total{guest,side}</c>.</summary>
    public Counter Rounds { get; }

    /// <summary><c>ftactors_migration_sessions_total{guest,side,outcome}</c>.</summary>
    public Counter Sessions { get; }

    /// <summary><c>ftactors_migration_downtime_seconds{guest}</c>.</summary>
    public Gauge Downtime { get; }

    /// <summary><c>ftactors_migration_duration_seconds{guest}</c>.</summary>
    public Gauge Duration { get; }

    /// <summary>Adds one source round's counters.</summary>
    public void SourceRound(string guest, RoundCounters counters, long wireBytesDelta)
    {
        ArgumentNullException.ThrowIfNull(counters);
        BytesRead.WithLabels(guest).Inc(counters.BytesRead);
        BytesOnWire.WithLabels(guest, "source").Inc(wireBytesDelta);
        Pages.WithLabels(guest, "source", "sent").Inc(counters.PagesSent);
        Pages.WithLabels(guest, "source", "referenced").Inc(counters.PagesReferenced);
        Pages.WithLabels(guest, "source", "zero").Inc(counters.ZeroPages);
        Rounds.WithLabels(guest, "source").Inc();
    }

    /// <summary>Adds the destination's counters of a finished session.</summary>
    public void DestinationSession(string guest, ReceiverResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        BytesOnWire.WithLabels(guest, "destination").Inc(result.BytesReceived);
        Pages.WithLabels(guest, "destination", "sent").Inc(result.PagesReceived);
        Pages.WithLabels(guest, "destination", "referenced").Inc(result.PagesFromStore);
        Rounds.WithLabels(guest, "destination").Inc(result.Rounds);
        Sessions.WithLabels(guest, "destination", result.Committed ? "committed" : "aborted").Inc();
    }

    /// <summary>Records a source session's end.</summary>
    public void SourceSession(string guest, bool committed, double downtimeMs, double totalMs)
    {
        Sessions.WithLabels(guest, "source", committed ? "committed" : "aborted").Inc();
        Duration.WithLabels(guest).Set(totalMs / 1000);
        if (committed)
        {
            Downtime.WithLabels(guest).Set(downtimeMs / 1000);
        }
    }
}
