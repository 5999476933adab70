namespace FtActors.Kernel.Persistence;

/// <summary>Identifies a snapshot: whose, after which event, and when.</summary>
/// <param name="PersistenceId">The stream.</param>
/// <param name="SequenceNr">The last event the snapshot includes.</param>
/// <param name="Timestamp">When it was taken.</param>
public sealed record SnapshotMetadata(string PersistenceId, long SequenceNr, DateTimeOffset Timestamp);

/// <summary>Given to <c>ReceiveRecover</c> first when a snapshot exists: set the state from it, then events replay on top.</summary>
/// <param name="Metadata">Which snapshot.</param>
/// <param name="Snapshot">The deserialized state.</param>
public sealed record SnapshotOffer(SnapshotMetadata Metadata, object Snapshot);

/// <summary>Given to <c>ReceiveRecover</c> last: the state is rebuilt and commands will now be handled.</summary>
public sealed class RecoveryCompleted
{
    private RecoveryCompleted()
    {
    }

    /// <summary>The single instance.</summary>
    public static RecoveryCompleted Instance { get; } = new();
}

/// <summary>Told to the actor as a command when its <c>SaveSnapshot</c> was stored.</summary>
/// <param name="Metadata">Which snapshot.</param>
public sealed record SaveSnapshotSuccess(SnapshotMetadata Metadata);

/// <summary>Told to the actor as a command when its <c>SaveSnapshot</c> failed; the actor keeps running.</summary>
/// <param name="Metadata">Which snapshot.</param>
/// <param name="Cause">Why.</param>
public sealed record SaveSnapshotFailure(SnapshotMetadata Metadata, Exception Cause);
