namespace FtActors.Kernel.Persistence;

/// <summary>
/// A journal write reused a sequence number already written for that persistence id: another writer got there
/// first. Not transient; the writer must stop rather than retry, since retrying would fork the history.
/// </summary>
public sealed class JournalConcurrencyException : FtActorsException
{
    /// <summary>Creates the exception for the first conflicting sequence number.</summary>
    public JournalConcurrencyException(string persistenceId, long sequenceNr)
        : base($"Journal write for '{persistenceId}' expected sequence number {sequenceNr} to be unused, found it already written (a second writer for the same persistence id).")
    {
        PersistenceId = persistenceId;
        SequenceNr = sequenceNr;
    }

    /// <summary>The persistence id written to.</summary>
    public string PersistenceId { get; }

    /// <summary>The sequence number that was already taken.</summary>
    public long SequenceNr { get; }
}
