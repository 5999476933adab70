namespace FtActors.Kernel.Persistence;

/// <summary>Which snapshots a load or delete considers: those at or below both bounds.</summary>
/// <param name="MaxSequenceNr">Highest sequence number accepted.</param>
/// <param name="MaxTimestamp">Latest timestamp accepted.</param>
public sealed record SnapshotSelectionCriteria(long MaxSequenceNr, DateTimeOffset MaxTimestamp)
{
    /// <summary>Every snapshot (load picks the latest).</summary>
    public static SnapshotSelectionCriteria Latest { get; } = new(long.MaxValue, DateTimeOffset.MaxValue);

    /// <summary>True when <paramref name="entry"/> is within both bounds.</summary>
    public bool Matches(SnapshotEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.SequenceNr <= MaxSequenceNr && entry.Timestamp <= MaxTimestamp;
    }
}
