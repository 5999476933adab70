using System.Diagnostics;
using System.Globalization;
using FtActors.TestKit;
using Npgsql;

namespace FtActors.MultiNode.Tests;

/// <summary>
/// A throwaway PostgreSQL server started with scripts/pg-test-server.sh (fsync off; its watchdog stops it if this
/// test process dies) and stopped, with its data directory, on dispose. With a namespace and address it runs inside
/// that lab namespace and listens there; the test process itself always connects through the server's Unix socket,
/// which reaches it from any network namespace.
/// </summary>
public sealed class PostgreSqlTestServer : IAsyncDisposable
{
    private readonly string _directory;

    private PostgreSqlTestServer(string directory, string connectionString)
    {
        _directory = directory;
        ConnectionString = connectionString;
        var port = File.ReadAllText(Path.Combine(directory, "port")).Trim();
        SocketConnectionString = $"Host={Path.Combine(directory, "socket")};Port={port};Username=postgres;Database=postgres;Pooling=true";
    }

    /// <summary>The TCP connection string the script printed (127.0.0.1, or the namespace's address).</summary>
    public string ConnectionString { get; }

    /// <summary>The same server through its Unix socket, usable from the host's namespace.</summary>
    public string SocketConnectionString { get; }

    private static string Script => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "scripts", "pg-test-server.sh"));

    /// <summary>Starts a server, on 127.0.0.1 or, given both, inside <paramref name="netns"/> on <paramref name="listen"/>.</summary>
    public static async Task<PostgreSqlTestServer> StartAsync(string? netns = null, string? listen = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ftactors-mp-pg-" + Guid.NewGuid().ToString("N"));
        var environment = new Dictionary<string, string>();
        if (netns is not null && listen is not null)
        {
            environment["FTACTORS_PG_NETNS"] = netns;
            environment["FTACTORS_PG_LISTEN"] = listen;
        }

        try
        {
            var connectionString = (await RunScriptAsync("start", directory, environment)).Trim();
            return new PostgreSqlTestServer(directory, connectionString);
        }
        catch
        {
            // A start that failed half way (initdb done, server not) still leaves a directory behind.
            if (Directory.Exists(Path.Combine(directory, "data")))
            {
                // The start's error is the one to report, not a failing stop's.
                await TestCleanup.RunAsync<Xunit.Sdk.XunitException>("stopping the half-started PostgreSQL server", () => RunScriptAsync("stop", directory, environment));
            }

            throw;
        }
    }

    /// <summary>
    /// Creates database <paramref name="name"/> and returns the TCP and the socket connection strings to it, so each
    /// test has its own membership table and journal on the shared server.
    /// </summary>
    public async Task<(string Tcp, string Socket)> CreateDatabaseAsync(string name)
    {
        await using (var connection = new NpgsqlConnection(SocketConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return (WithDatabase(ConnectionString, name), WithDatabase(SocketConnectionString, name));
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunScriptAsync("stop", _directory, new Dictionary<string, string>());
    }

    private static string WithDatabase(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;

    private static async Task<string> RunScriptAsync(string verb, string directory, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Script);
        info.ArgumentList.Add(verb);
        info.ArgumentList.Add(directory);
        info.Environment["FTACTORS_PG_OWNER_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        info.Environment["FTACTORS_PG_FSYNC"] = "off";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"expected pg-test-server.sh {verb} to succeed, found exit {process.ExitCode}: {await stderr}");
        }

        return await stdout;
    }
}
