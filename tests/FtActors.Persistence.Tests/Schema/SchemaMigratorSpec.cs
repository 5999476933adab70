using FtActors.Persistence.Sql;
using FtActors.Persistence.Tests.Support;
using Xunit;

namespace FtActors.Persistence.Tests.Schema;

/// <summary>The migration runner against a real engine: fresh database, re-open, concurrent start, newer database, failing script.</summary>
public abstract class SchemaMigratorSpec<TEngine> : DatabaseTest<TEngine>
    where TEngine : ITestEngine
{
    /// <summary>These tests start from an empty database (or schema) and migrate it themselves.</summary>
    protected override bool Migrate => false;

    [Fact]
    public async Task Migrate_FreshDatabase_AppliesEveryScriptAndRecordsIt()
    {
        var migrator = new SchemaMigrator(Database.Executor);

        var result = await migrator.MigrateAsync(CancellationToken.None);

        Assert.Equal(0, result.PreviousVersion);
        Assert.Equal(migrator.KnownVersion, result.CurrentVersion);
        Assert.Equal(Enumerable.Range(1, migrator.KnownVersion), result.Applied);
        Assert.Equal(migrator.KnownVersion, await ScalarAsync("SELECT MAX(version) FROM schema_version"));
        Assert.Equal(migrator.KnownVersion, await ScalarAsync("SELECT COUNT(*) FROM schema_version"));
        foreach (var table in new[] { "event_journal", "journal_metadata", "snapshot_store", "cluster_members", "cluster_version" })
        {
            Assert.Equal(0, await ScalarAsync($"SELECT COUNT(*) FROM {table}"));
        }
    }

    [Fact]
    public async Task Migrate_ReopenedDatabase_AppliesNothingAndKeepsData()
    {
        await new SchemaMigrator(Database.Executor).MigrateAsync(CancellationToken.None);
        await ExecuteAsync("INSERT INTO cluster_version (cluster_id, version) VALUES ('keep', 7)");

        // A restarted node: a new executor (new connections) on the same database.
        var result = await new SchemaMigrator(Database.CreateExecutor()).MigrateAsync(CancellationToken.None);

        Assert.Empty(result.Applied);
        Assert.Equal(result.CurrentVersion, result.PreviousVersion);
        Assert.Equal(7, await ScalarAsync("SELECT version FROM cluster_version WHERE cluster_id = 'keep'"));
    }

    [Fact]
    public async Task Migrate_NodesStartingTogether_ApplyEachScriptExactlyOnce()
    {
        var migrators = Enumerable.Range(0, 4).Select(_ => new SchemaMigrator(Database.CreateExecutor())).ToList();

        var results = await Task.WhenAll(migrators.Select(m => Task.Run(() => m.MigrateAsync(CancellationToken.None))));

        Assert.Single(results, r => !r.Applied.IsEmpty);
        Assert.Equal(migrators[0].KnownVersion, await ScalarAsync("SELECT COUNT(*) FROM schema_version"));
    }

    [Fact]
    public async Task Migrate_DatabaseFromNewerBuild_RefusesNamingBothVersions()
    {
        var current = new SchemaMigrator(Database.Executor);
        var newer = new SchemaMigrator(
            Database.Executor,
            [.. current.Scripts, new SchemaScript(current.KnownVersion + 1, "Schema/test/0002_future.sql", "CREATE TABLE future_table (x INTEGER)")],
            null,
            null);
        await newer.MigrateAsync(CancellationToken.None);

        var error = await Assert.ThrowsAsync<SchemaVersionTooNewException>(() => current.MigrateAsync(CancellationToken.None));

        Assert.Equal(current.KnownVersion + 1, error.DatabaseVersion);
        Assert.Equal(current.KnownVersion, error.KnownVersion);
        Assert.Contains($"schema version {current.KnownVersion + 1}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"up to {current.KnownVersion}", error.Message, StringComparison.Ordinal);
        Assert.Equal(current.KnownVersion + 1, await ScalarAsync("SELECT MAX(version) FROM schema_version"));
    }

    [Fact]
    public async Task Migrate_FailingScript_RollsBackEveryScriptOfTheRun()
    {
        var real = SchemaMigrator.LoadScripts(Database.Executor.SchemaAssembly, Database.Executor.Dialect);
        var broken = new SchemaMigrator(
            Database.Executor,
            [.. real, new SchemaScript(real.Count + 1, "Schema/test/0002_broken.sql", "CREATE TABLE broken (")],
            null,
            null);

        var error = await Assert.ThrowsAsync<PersistenceException>(() => broken.MigrateAsync(CancellationToken.None));

        Assert.Contains("0002_broken.sql", error.Message, StringComparison.Ordinal);
        var result = await new SchemaMigrator(Database.Executor).MigrateAsync(CancellationToken.None);
        Assert.Equal(0, result.PreviousVersion);
    }

    protected async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await Database.Executor.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected async Task ExecuteAsync(string sql)
    {
        await using var connection = await Database.Executor.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
