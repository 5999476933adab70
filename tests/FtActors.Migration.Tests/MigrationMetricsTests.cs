using FtActors.Metrics;
using FtActors.Migration.Receiving;
using FtActors.Migration.Streaming;

namespace FtActors.Migration.Tests;

public sealed class MigrationMetricsTests
{
    [Fact]
    public void SourceRoundAndSession_Counters_AddUpPerGuestAndSide()
    {
        var registry = new MetricsRegistry();
        var metrics = new MigrationMetrics(registry);
        metrics.SourceRound("g1", new RoundCounters { BytesRead = 8192, PagesSent = 2, PagesReferenced = 5, ZeroPages = 7 }, 9000);
        metrics.SourceRound("g1", new RoundCounters { BytesRead = 4096, PagesSent = 1 }, 500);
        metrics.SourceSession("g1", committed: true, downtimeMs: 80, totalMs: 1500);
        metrics.DestinationSession("g1-dst", new ReceiverResult(true, null, "g1-dst", "running", 2, 3, 5, 9600, 10));

        Assert.Equal(12288, metrics.BytesRead.WithLabels("g1").Value);
        Assert.Equal(9500, metrics.BytesOnWire.WithLabels("g1", "source").Value);
        Assert.Equal(3, metrics.Pages.WithLabels("g1", "source", "sent").Value);
        Assert.Equal(5, metrics.Pages.WithLabels("g1", "source", "referenced").Value);
        Assert.Equal(2, metrics.Rounds.WithLabels("g1", "source").Value);
        Assert.Equal(0.08, metrics.Downtime.WithLabels("g1").Value, 6);
        Assert.Equal(1, metrics.Sessions.WithLabels("g1", "source", "committed").Value);
        Assert.Equal(9600, metrics.BytesOnWire.WithLabels("g1-dst", "destination").Value);
        Assert.Equal(5, metrics.Pages.WithLabels("g1-dst", "destination", "referenced").Value);
    }

    [Fact]
    public void SourceSession_Aborted_CountsOutcomeAndLeavesDowntimeUnset()
    {
        var metrics = new MigrationMetrics(new MetricsRegistry());
        metrics.SourceSession("g2", committed: false, downtimeMs: 999, totalMs: 300);
        Assert.Equal(1, metrics.Sessions.WithLabels("g2", "source", "aborted").Value);
        Assert.Equal(0, metrics.Downtime.WithLabels("g2").Value);
        Assert.Equal(0.3, metrics.Duration.WithLabels("g2").Value, 6);
    }
}
