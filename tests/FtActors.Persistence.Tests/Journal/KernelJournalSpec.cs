using FtActors.Kernel.Persistence;
using FtActors.Persistence.Sql;
using FtActors.Persistence.Tests.Support;
using FtActors.TestKit;
using Xunit;

namespace FtActors.Persistence.Tests.Journal;

/// <summary>
/// The kernel's journal conformance spec on one engine and delete mode. xunit creates one instance per test,
/// so each test gets its own database (SQLite file or PostgreSQL schema); CreateJournal runs once per test.
/// </summary>
public abstract class KernelJournalSpec<TEngine> : JournalSpec, IAsyncLifetime
    where TEngine : ITestEngine
{
    private TestDatabase? _database;

    /// <summary>How the journal under test deletes.</summary>
    protected virtual JournalDeleteMode DeleteMode => JournalDeleteMode.Physical;

    public async Task InitializeAsync() => _database = await TEngine.CreateDatabaseAsync(migrate: true);

    public async Task DisposeAsync() => await _database!.DisposeAsync();

    protected override IJournal CreateJournal() => new SqlJournal(_database!.Executor, new SqlJournalOptions { DeleteMode = DeleteMode });
}
