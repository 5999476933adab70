namespace FtActors.Persistence.Tests.Support;

/// <summary>An engine the SQL tests run on; a type argument, so one generic test class serves both engines.</summary>
public interface ITestEngine
{
    /// <summary>Creates a database of this engine for one test, migrated unless <paramref name="migrate"/> is false.</summary>
    static abstract Task<TestDatabase> CreateDatabaseAsync(bool migrate);
}
