using FtActors.Kernel;
using FtActors.Kernel.Persistence;

namespace FtActors.Migration.Session;

/// <summary>Registers the session events' stable manifests so a journal can store and replay them.</summary>
public static class MigrationPersistence
{
    /// <summary>Adds the migration events to <paramref name="registry"/>.</summary>
    public static EventSerializerRegistry AddMigrationEvents(this EventSerializerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Register("migration-started", MigrationJsonContext.Default.MigrationStarted)
            .Register("migration-round-done", MigrationJsonContext.Default.MigrationRoundDone)
            .Register("migration-committed", MigrationJsonContext.Default.MigrationCommitted)
            .Register("migration-aborted", MigrationJsonContext.Default.MigrationAborted);
    }

    /// <summary>Registers persistence on <paramref name="system"/> with <paramref name="journal"/> and the migration events.</summary>
    public static PersistenceExtension Register(ActorSystem system, IJournal journal) =>
        PersistenceExtension.Register(system, journal, new InMemorySnapshotStore(), new EventSerializerRegistry().AddMigrationEvents());
}
