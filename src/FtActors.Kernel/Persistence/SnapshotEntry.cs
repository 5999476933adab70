namespace FtActors.Kernel.Persistence;

/// <summary>One stored snapshot: the serialized state of a persistent actor after event <see cref="SequenceNr"/>.</summary>
/// <param name="PersistenceId">The stream the snapshot belongs to.</param>
/// <param name="SequenceNr">The last event the snapshot includes; replay resumes after it.</param>
/// <param name="Timestamp">When it was taken.</param>
/// <param name="Manifest">Stable name of the state type.</param>
/// <param name="FormatVersion">Version of the payload format for that manifest.</param>
/// <param name="Payload">The serialized state.</param>
public sealed record SnapshotEntry(string PersistenceId, long SequenceNr, DateTimeOffset Timestamp, string Manifest, int FormatVersion, ReadOnlyMemory<byte> Payload);
