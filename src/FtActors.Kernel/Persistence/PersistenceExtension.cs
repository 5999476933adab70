namespace FtActors.Kernel.Persistence;

/// <summary>
/// The persistence back end of one actor system: journal, snapshot store and serializer. Register it once at
/// start-up with <see cref="Register"/>; every <see cref="PersistentActor"/> of the system uses it.
/// </summary>
public sealed class PersistenceExtension
{
    private PersistenceExtension(IJournal journal, ISnapshotStore snapshotStore, IEventSerializer serializer)
    {
        Journal = journal;
        SnapshotStore = snapshotStore;
        Serializer = serializer;
    }

    /// <summary>Where events go.</summary>
    public IJournal Journal { get; }

    /// <summary>Where snapshots go.</summary>
    public ISnapshotStore SnapshotStore { get; }

    /// <summary>Maps events and snapshots to manifests and bytes.</summary>
    public IEventSerializer Serializer { get; }

    /// <summary>Attaches a persistence back end to <paramref name="system"/>.</summary>
    public static PersistenceExtension Register(ActorSystem system, IJournal journal, ISnapshotStore snapshotStore, IEventSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(snapshotStore);
        ArgumentNullException.ThrowIfNull(serializer);
        var extension = new PersistenceExtension(journal, snapshotStore, serializer);
        system.RegisterExtension(extension);
        return extension;
    }

    /// <summary>The back end of <paramref name="system"/>.</summary>
    /// <exception cref="FtActorsException">None was registered.</exception>
    public static PersistenceExtension Get(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.GetExtension<PersistenceExtension>()
            ?? throw new FtActorsException($"Actor system {system.Name} expected a persistence back end (PersistenceExtension.Register), found none.");
    }
}
