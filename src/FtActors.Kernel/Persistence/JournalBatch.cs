namespace FtActors.Kernel.Persistence;

/// <summary>Checks every journal applies to a batch before writing it; shared so all back ends reject the same input.</summary>
public static class JournalBatch
{
    /// <summary>Throws when the batch is empty, mixes persistence ids, or has non-consecutive or non-positive sequence numbers.</summary>
    public static void Validate(IReadOnlyList<JournalEntry> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            throw new ArgumentException("A journal batch expected at least one entry, found none.", nameof(batch));
        }

        var first = batch[0];
        if (first.SequenceNr < 1)
        {
            throw new ArgumentException($"A journal batch expected sequence numbers from 1, found {first.SequenceNr} at index 0.", nameof(batch));
        }

        for (var i = 1; i < batch.Count; i++)
        {
            var entry = batch[i];
            if (!string.Equals(entry.PersistenceId, first.PersistenceId, StringComparison.Ordinal))
            {
                throw new ArgumentException($"A journal batch expected one persistence id '{first.PersistenceId}', found '{entry.PersistenceId}' at index {i}.", nameof(batch));
            }

            if (entry.SequenceNr != first.SequenceNr + i)
            {
                throw new ArgumentException($"A journal batch expected sequence number {first.SequenceNr + i} at index {i}, found {entry.SequenceNr}.", nameof(batch));
            }
        }
    }
}
