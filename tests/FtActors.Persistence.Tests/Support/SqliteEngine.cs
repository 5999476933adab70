namespace FtActors.Persistence.Tests.Support;

/// <summary>SQLite: a fresh database file per test.</summary>
public sealed class SqliteEngine : ITestEngine
{
    public static async Task<TestDatabase> CreateDatabaseAsync(bool migrate) => await SqliteTestDatabase.CreateAsync(migrate);
}
