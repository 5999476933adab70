using FtActors.Persistence.Tests.Support;

namespace FtActors.Persistence.Tests.Journal;

/// <summary>Snapshot store spec, PostgreSQL.</summary>
[RequiresPostgreSql]
public sealed class PostgreSqlSnapshotStoreSpecTests : KernelSnapshotStoreSpec<PostgreSqlEngine>;
