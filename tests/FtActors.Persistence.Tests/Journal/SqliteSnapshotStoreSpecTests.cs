using FtActors.Persistence.Tests.Support;

namespace FtActors.Persistence.Tests.Journal;

/// <summary>Snapshot store spec, SQLite.</summary>
public sealed class SqliteSnapshotStoreSpecTests : KernelSnapshotStoreSpec<SqliteEngine>;
