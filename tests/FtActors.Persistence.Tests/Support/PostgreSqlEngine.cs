namespace FtActors.Persistence.Tests.Support;

/// <summary>PostgreSQL: a fresh schema per test on the test server.</summary>
public sealed class PostgreSqlEngine : ITestEngine
{
    public static async Task<TestDatabase> CreateDatabaseAsync(bool migrate) => await PostgreSqlTestDatabase.CreateAsync(migrate);
}
