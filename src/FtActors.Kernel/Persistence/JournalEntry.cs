namespace FtActors.Kernel.Persistence;

/// <summary>
/// One stored event. <see cref="Manifest"/> is a stable event name (never a CLR type name) and, with
/// <see cref="FormatVersion"/>, tells the serializer how to read <see cref="Payload"/>, so renaming a class never
/// breaks an old journal.
/// </summary>
/// <param name="PersistenceId">The stream the event belongs to.</param>
/// <param name="SequenceNr">Position in that stream, from 1, without gaps within one write.</param>
/// <param name="Manifest">Stable event name.</param>
/// <param name="FormatVersion">Version of the payload format for that manifest.</param>
/// <param name="Payload">The serialized event.</param>
/// <param name="Timestamp">When the event was written (from the system's clock).</param>
public sealed record JournalEntry(string PersistenceId, long SequenceNr, string Manifest, int FormatVersion, ReadOnlyMemory<byte> Payload, DateTimeOffset Timestamp);
