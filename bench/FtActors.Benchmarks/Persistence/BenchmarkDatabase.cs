using System.Diagnostics;
using System.Globalization;
using FtActors.Persistence.PostgreSql;
using FtActors.Persistence.Sql;
using FtActors.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace FtActors.Benchmarks.Persistence;

/// <summary>
/// A migrated database for one benchmark process. SQLite: a temp file, synchronous=FULL (every commit
/// durable). PostgreSQL: the server named by FTACTORS_BENCH_PG, or else a throwaway one started with
/// scripts/pg-test-server.sh (fsync on, default synchronous_commit, so commits are durable there too).
/// </summary>
internal sealed class BenchmarkDatabase : IAsyncDisposable
{
    private readonly string? _sqliteDirectory;
    private readonly string? _serverDirectory;
    private readonly string? _script;

    private BenchmarkDatabase(SqlQueryExecutor executor, string? sqliteDirectory, string? serverDirectory, string? script)
    {
        Executor = executor;
        _sqliteDirectory = sqliteDirectory;
        _serverDirectory = serverDirectory;
        _script = script;
    }

    public SqlQueryExecutor Executor { get; }

    public static async Task<BenchmarkDatabase> CreateAsync(string engine)
    {
        BenchmarkDatabase database;
        if (engine == "sqlite")
        {
            var directory = Directory.CreateTempSubdirectory("ftactors-bench-sqlite-").FullName;
            database = new BenchmarkDatabase(
                new SqliteQueryExecutor(new SqlitePersistenceOptions { DatabasePath = Path.Combine(directory, "bench.db") }), directory, null, null);
        }
        else
        {
            var connectionString = Environment.GetEnvironmentVariable("FTACTORS_BENCH_PG");
            string? serverDirectory = null;
            string? script = null;
            if (string.IsNullOrEmpty(connectionString))
            {
                script = FindScript();
                serverDirectory = Path.Combine(Path.GetTempPath(), $"ftactors-pgbench-{Environment.ProcessId}");
                connectionString = RunScript(script, "start", serverDirectory).Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim();
            }

            database = new BenchmarkDatabase(
                new PostgreSqlQueryExecutor(new PostgreSqlPersistenceOptions { ConnectionString = connectionString }), null, serverDirectory, script);
        }

        await new SchemaMigrator(database.Executor).MigrateAsync(CancellationToken.None);
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        if (Executor is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        if (_sqliteDirectory is not null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_sqliteDirectory, recursive: true);
        }

        if (_serverDirectory is not null && _script is not null)
        {
            RunScript(_script, "stop", _serverDirectory);
        }
    }

    private static string RunScript(string script, string verb, string directory)
    {
        var info = new ProcessStartInfo("bash") { ArgumentList = { script, verb, directory }, RedirectStandardOutput = true };
        info.Environment["FTACTORS_PG_OWNER_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("bash did not start");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{script} {verb} exited with {process.ExitCode}");
    }

    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "scripts", "pg-test-server.sh");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("scripts/pg-test-server.sh not found above " + AppContext.BaseDirectory + "; set FTACTORS_BENCH_PG to a connection string instead");
    }
}
