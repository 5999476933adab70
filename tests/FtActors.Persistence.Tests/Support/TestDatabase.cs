using FtActors.Persistence.Sql;

namespace FtActors.Persistence.Tests.Support;

/// <summary>
/// A database of one test, already migrated, removed when disposed. <see cref="CreateExecutor"/> gives further
/// executors on the same database: a second "node" with its own connections.
/// </summary>
public abstract class TestDatabase : IAsyncDisposable
{
    private readonly List<SqlQueryExecutor> _executors = [];

    /// <summary>The first executor, migrated.</summary>
    public SqlQueryExecutor Executor => _executors[0];

    /// <summary>A new executor on the same database, disposed with it.</summary>
    public SqlQueryExecutor CreateExecutor()
    {
        var executor = NewExecutor();
        _executors.Add(executor);
        return executor;
    }

    /// <summary>Creates the first executor and, unless told otherwise, migrates the schema.</summary>
    public async Task InitializeAsync(bool migrate = true)
    {
        var executor = CreateExecutor();
        if (migrate)
        {
            await new SchemaMigrator(executor).MigrateAsync(CancellationToken.None);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var executor in _executors)
        {
            if (executor is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }

        await DropAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Makes an executor for this database.</summary>
    protected abstract SqlQueryExecutor NewExecutor();

    /// <summary>Removes the database.</summary>
    protected abstract Task DropAsync();
}
