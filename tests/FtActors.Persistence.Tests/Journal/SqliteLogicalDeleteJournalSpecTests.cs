using FtActors.Kernel.Persistence;
using FtActors.Persistence.Sql;
using FtActors.Persistence.Tests.Support;
using FtActors.TestKit;
using Xunit;

namespace FtActors.Persistence.Tests.Journal;

// The kernel's conformance specs, run against the SQL journal and snapshot store on both engines and in both
// delete modes. xunit creates one instance per test, so each test gets its own database (SQLite file or
// PostgreSQL schema) in InitializeAsync; CreateJournal is called once per test.

/// <summary>The kernel's journal spec on SQLite with logical (is_deleted) deletes.</summary>
public sealed class SqliteLogicalDeleteJournalSpecTests : JournalSpec, IAsyncLifetime
{
    private TestDatabase? _database;

    public async Task InitializeAsync() => _database = await SqliteTestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database!.DisposeAsync();

    protected override IJournal CreateJournal() =>
        new SqlJournal(_database!.Executor, new SqlJournalOptions { DeleteMode = JournalDeleteMode.Logical });
}
