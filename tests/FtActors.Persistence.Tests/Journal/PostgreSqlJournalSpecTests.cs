using FtActors.Persistence.Tests.Support;

namespace FtActors.Persistence.Tests.Journal;

/// <summary>Journal spec, PostgreSQL, physical deletes.</summary>
[RequiresPostgreSql]
public sealed class PostgreSqlJournalSpecTests : KernelJournalSpec<PostgreSqlEngine>;
