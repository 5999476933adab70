using System.Diagnostics;
using Npgsql;

namespace FtActors.Persistence.Tests.Support;

/// <summary>
/// Where the PostgreSQL tests get a server, decided once per test run from <c>FTACTORS_TEST_PG</c>:
/// <list type="bullet">
/// <item>a connection string: use that server (each test still gets its own schema);</item>
/// <item><c>auto</c>: start a throwaway server with <c>scripts/pg-test-server.sh</c> and stop it at exit;</item>
/// <item><c>off</c>: skip the PostgreSQL tests;</item>
/// <item>unset: <c>auto</c> when the run is privileged (root, as CI runs) and PostgreSQL 15 is installed,
/// otherwise skip with a reason saying how to enable them.</item>
/// </list>
/// </summary>
internal static class PostgreSqlTestServer
{
    public const string EnvironmentVariable = "FTACTORS_TEST_PG";
    private const string DefaultBinaries = "/usr/lib/postgresql/15/bin";

    private static readonly Lazy<Task<string>> ConnectionString = new(StartOrUseAsync);
    private static string? _serverDirectory;

    /// <summary>Null when the PostgreSQL tests run; otherwise why they are skipped.</summary>
    public static string? SkipReason { get; } = DecideSkipReason();

    /// <summary>The server's connection string, starting the throwaway server on first use in auto mode.</summary>
    public static Task<string> GetConnectionStringAsync() => ConnectionString.Value;

    /// <summary>Creates a fresh schema for one test and returns its name.</summary>
    public static async Task<string> CreateSchemaAsync()
    {
        var schema = "t_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(await GetConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
        await command.ExecuteNonQueryAsync();
        return schema;
    }

    /// <summary>Drops a schema <see cref="CreateSchemaAsync"/> made, with everything in it.</summary>
    public static async Task DropSchemaAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(await GetConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string? DecideSkipReason()
    {
        var setting = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.Equals(setting, "off", StringComparison.OrdinalIgnoreCase))
        {
            return $"{EnvironmentVariable}=off";
        }

        var auto = string.Equals(setting, "auto", StringComparison.OrdinalIgnoreCase);
        if (!string.IsNullOrEmpty(setting) && !auto)
        {
            return null;
        }

        var binaries = Environment.GetEnvironmentVariable("FTACTORS_PG_BIN") ?? DefaultBinaries;
        var haveServer = File.Exists(Path.Combine(binaries, "initdb")) && FindScript() is not null;
        if (auto)
        {
            return haveServer ? null : $"{EnvironmentVariable}=auto, but PostgreSQL binaries were not found in {binaries} (or scripts/pg-test-server.sh is missing)";
        }

        return haveServer && Environment.IsPrivilegedProcess
            ? null
            : $"PostgreSQL tests need {EnvironmentVariable}: a connection string, or 'auto' to start a throwaway server with scripts/pg-test-server.sh (unset runs them automatically only as root with PostgreSQL 15 installed)";
    }

    private static async Task<string> StartOrUseAsync()
    {
        var setting = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(setting) && !string.Equals(setting, "auto", StringComparison.OrdinalIgnoreCase))
        {
            return setting;
        }

        var script = FindScript() ?? throw new InvalidOperationException("scripts/pg-test-server.sh not found above " + AppContext.BaseDirectory);
        _serverDirectory = Path.Combine(Path.GetTempPath(), $"ftactors-pgtest-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var (exitCode, stdout, stderr) = await RunScriptAsync(script, "start", _serverDirectory);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{script} start exited with {exitCode}: {stderr}");
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopServer(script);
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
    }

    private static void StopServer(string script)
    {
        if (_serverDirectory is null)
        {
            return;
        }

        using var process = Process.Start(new ProcessStartInfo("bash") { ArgumentList = { script, "stop", _serverDirectory }, RedirectStandardError = true });
        process?.WaitForExit(TimeSpan.FromSeconds(60));
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunScriptAsync(string script, string verb, string directory)
    {
        var info = new ProcessStartInfo("bash")
        {
            ArgumentList = { script, verb, directory },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["FTACTORS_PG_FSYNC"] = "off";
        // The script's watchdog removes the server even if this process dies without running ProcessExit.
        info.Environment["FTACTORS_PG_OWNER_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start bash");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TestTime.Scale(TimeSpan.FromMinutes(3)));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string? FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "scripts", "pg-test-server.sh");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
