using FtActors.Persistence.Sqlite;
using FtActors.Persistence.Tests.Support;
using Xunit;

namespace FtActors.Persistence.Tests.Schema;

/// <summary>The migration spec on SQLite, plus the SQLite connection settings.</summary>
public sealed class SqliteSchemaMigratorTests : SchemaMigratorSpec<SqliteEngine>
{
    [Fact]
    public async Task OpenConnection_AnyDatabase_RunsInWalModeWithBusyTimeoutAndForeignKeys()
    {
        await using var connection = await Database.Executor.OpenConnectionAsync(CancellationToken.None);

        Assert.Equal("wal", await PragmaAsync(connection, "journal_mode"));
        Assert.Equal("30000", await PragmaAsync(connection, "busy_timeout"));
        Assert.Equal("1", await PragmaAsync(connection, "foreign_keys"));
    }

    [Fact]
    public void Options_InMemoryDatabase_AreRefusedBecauseWalNeedsAFile()
    {
        var error = Assert.Throws<PersistenceException>(() => new SqliteQueryExecutor(new SqlitePersistenceOptions { DatabasePath = ":memory:" }));

        Assert.Contains("WAL", error.Message, StringComparison.Ordinal);
    }

    private static async Task<string> PragmaAsync(System.Data.Common.DbConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA " + name;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
