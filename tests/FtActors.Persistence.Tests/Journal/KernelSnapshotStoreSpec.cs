using FtActors.Kernel.Persistence;
using FtActors.Persistence.Sql;
using FtActors.Persistence.Tests.Support;
using FtActors.TestKit;
using Xunit;

namespace FtActors.Persistence.Tests.Journal;

/// <summary>The kernel's snapshot store conformance spec on one engine, a fresh database per test.</summary>
public abstract class KernelSnapshotStoreSpec<TEngine> : SnapshotStoreSpec, IAsyncLifetime
    where TEngine : ITestEngine
{
    private TestDatabase? _database;

    public async Task InitializeAsync() => _database = await TEngine.CreateDatabaseAsync(migrate: true);

    public async Task DisposeAsync() => await _database!.DisposeAsync();

    protected override ISnapshotStore CreateStore() => new SqlSnapshotStore(_database!.Executor);
}
