namespace FtActors.Kernel.Persistence;

/// <summary>
/// An append-only store of events per persistence id. Implementations must pass the TestKit's
/// <c>JournalSpec</c>. The contract:
/// <list type="bullet">
/// <item>A write is atomic: all entries of the batch are stored, or none.</item>
/// <item>A sequence number is written at most once per persistence id, even after it was deleted. A batch that
/// reuses one throws <see cref="JournalConcurrencyException"/> and stores nothing: two live writers for one id.</item>
/// <item>The highest sequence number survives deletes.</item>
/// </list>
/// </summary>
public interface IJournal
{
    /// <summary>Stores a batch of events of one persistence id atomically.</summary>
    /// <exception cref="JournalConcurrencyException">A sequence number of the batch was already written.</exception>
    /// <exception cref="ArgumentException">The batch is empty, mixes ids, or its sequence numbers are not consecutive and ascending.</exception>
    Task WriteAsync(IReadOnlyList<JournalEntry> batch, CancellationToken cancellationToken);

    /// <summary>Events with <paramref name="fromSequenceNr"/> &lt;= number &lt;= <paramref name="toSequenceNr"/>, ascending, at most <paramref name="max"/>; deleted ones are skipped.</summary>
    IAsyncEnumerable<JournalEntry> ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max, CancellationToken cancellationToken);

    /// <summary>The highest sequence number ever written for the id (0 when none), deleted events included.</summary>
    Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken);

    /// <summary>Deletes every event with number &lt;= <paramref name="toSequenceNr"/>; the highest number is remembered.</summary>
    Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken);
}
