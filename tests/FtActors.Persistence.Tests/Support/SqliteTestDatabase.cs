using FtActors.Persistence.Sql;
using FtActors.Persistence.Sqlite;
using FtActors.TestKit;
using Microsoft.Data.Sqlite;

namespace FtActors.Persistence.Tests.Support;

/// <summary>A SQLite file in a fresh temp directory.</summary>
public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ftactors-sqlite-").FullName;

    /// <summary>The database file.</summary>
    public string Path => System.IO.Path.Combine(_directory, "ftactors.db");

    /// <summary>Creates a database, migrated unless <paramref name="migrate"/> is false.</summary>
    public static async Task<SqliteTestDatabase> CreateAsync(bool migrate = true)
    {
        var database = new SqliteTestDatabase();
        await database.InitializeAsync(migrate);
        return database;
    }

    /// <inheritdoc />
    protected override SqlQueryExecutor NewExecutor() => new SqliteQueryExecutor(new SqlitePersistenceOptions { DatabasePath = Path });

    /// <inheritdoc />
    protected override Task DropAsync()
    {
        // Pooled connections keep the file open; release them before deleting.
        SqliteConnection.ClearAllPools();
        TestCleanup.DeleteDirectory(_directory);
        return Task.CompletedTask;
    }
}
