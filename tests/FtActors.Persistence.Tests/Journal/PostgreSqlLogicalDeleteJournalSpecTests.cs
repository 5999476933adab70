using FtActors.Persistence.Sql;
using FtActors.Persistence.Tests.Support;

namespace FtActors.Persistence.Tests.Journal;

/// <summary>Journal spec, PostgreSQL, logical deletes.</summary>
[RequiresPostgreSql]
public sealed class PostgreSqlLogicalDeleteJournalSpecTests : KernelJournalSpec<PostgreSqlEngine>
{
    protected override JournalDeleteMode DeleteMode => JournalDeleteMode.Logical;
}
