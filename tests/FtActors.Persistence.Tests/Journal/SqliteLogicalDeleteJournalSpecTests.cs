using FtActors.Persistence.Sql;
using FtActors.Persistence.Tests.Support;

namespace FtActors.Persistence.Tests.Journal;

/// <summary>Journal spec, SQLite, logical deletes.</summary>
public sealed class SqliteLogicalDeleteJournalSpecTests : KernelJournalSpec<SqliteEngine>
{
    protected override JournalDeleteMode DeleteMode => JournalDeleteMode.Logical;
}
