using FtActors.Persistence.PostgreSql;
using FtActors.Persistence.Sql;

namespace FtActors.Persistence.Tests.Support;

/// <summary>A fresh schema on the test server.</summary>
public sealed class PostgreSqlTestDatabase : TestDatabase
{
    private PostgreSqlTestDatabase(string connectionString, string schema)
    {
        ConnectionString = connectionString;
        Schema = schema;
    }

    /// <summary>The server's connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>This test's schema.</summary>
    public string Schema { get; }

    /// <summary>Creates a schema, migrated unless <paramref name="migrate"/> is false.</summary>
    public static async Task<PostgreSqlTestDatabase> CreateAsync(bool migrate = true)
    {
        var database = new PostgreSqlTestDatabase(await PostgreSqlTestServer.GetConnectionStringAsync(), await PostgreSqlTestServer.CreateSchemaAsync());
        await database.InitializeAsync(migrate);
        return database;
    }

    /// <inheritdoc />
    protected override SqlQueryExecutor NewExecutor() =>
        new PostgreSqlQueryExecutor(new PostgreSqlPersistenceOptions { ConnectionString = ConnectionString, Schema = Schema });

    /// <inheritdoc />
    protected override Task DropAsync() => PostgreSqlTestServer.DropSchemaAsync(Schema);
}
