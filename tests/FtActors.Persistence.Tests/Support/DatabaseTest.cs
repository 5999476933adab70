using Xunit;

namespace FtActors.Persistence.Tests.Support;

/// <summary>
/// Base of the SQL test specs: xunit makes one instance per test, and each gets its own database on
/// <typeparamref name="TEngine"/>, removed afterwards.
/// </summary>
public abstract class DatabaseTest<TEngine> : IAsyncLifetime
    where TEngine : ITestEngine
{
    private TestDatabase? _database;

    /// <summary>The database of the current test.</summary>
    protected TestDatabase Database => _database ?? throw new InvalidOperationException("not initialised");

    /// <summary>Whether the test starts on a migrated database (the migration specs want an empty one).</summary>
    protected virtual bool Migrate => true;

    public async Task InitializeAsync() => _database = await TEngine.CreateDatabaseAsync(Migrate);

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
