using System.Diagnostics;
using FtActors.Persistence.Sql;
using FtActors.Persistence.Tests.Support;
using Npgsql;
using Xunit;

namespace FtActors.Persistence.Tests.Journal;

/// <summary>The SQL journal spec on PostgreSQL, plus a writer process killed in the middle of a batch.</summary>
[RequiresPostgreSql]
public sealed class PostgreSqlSqlJournalTests : SqlJournalSpec<PostgreSqlEngine>
{
    protected override int PropertyCases => 25;

    [Fact]
    public async Task Write_WriterProcessKilledMidBatch_LeavesNoPartialBatchAndTheJournalWritable()
    {
        var database = (PostgreSqlTestDatabase)Database;
        var journal = new SqlJournal(Database.Executor);
        await journal.WriteAsync(Batch("vm-9", 1, 2), CancellationToken.None);

        // A psql client inserts half of the batch 3..52 inside a transaction and is SIGKILLed before COMMIT:
        // the server sees the connection drop, as it would when a node dies mid-write.
        var server = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var application = "ftactors-crash-" + Guid.NewGuid().ToString("N")[..8];
        var info = new ProcessStartInfo(Path.Combine(Environment.GetEnvironmentVariable("FTACTORS_PG_BIN") ?? "/usr/lib/postgresql/15/bin", "psql"))
        {
            ArgumentList = { "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", server.Host!, "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", server.Username!, "-d", server.Database! },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["PGAPPNAME"] = application;
        using var writer = Process.Start(info) ?? throw new InvalidOperationException("psql did not start");
        await writer.StandardInput.WriteLineAsync(
            $"SET search_path = {database.Schema}; BEGIN; " +
            "INSERT INTO event_journal (persistence_id, sequence_nr, manifest, format_version, timestamp_ms, payload) " +
            "SELECT 'vm-9', n, 'vm-placed', 2, 0, '\\x00'::bytea FROM generate_series(3, 27) n;");
        await writer.StandardInput.FlushAsync();
        await WaitUntilIdleInTransactionAsync(database.ConnectionString, application);

        writer.Kill();
        using (var timeout = new CancellationTokenSource(TestTime.Scale(TimeSpan.FromMinutes(1))))
        {
            await writer.WaitForExitAsync(timeout.Token);
        }

        await WaitUntilGoneAsync(database.ConnectionString, application);
        Assert.Equal([1L, 2], (await ReplayAllAsync(journal, "vm-9")).Select(e => e.SequenceNr));
        Assert.Equal(2, await journal.ReadHighestSequenceNrAsync("vm-9", CancellationToken.None));
        await journal.WriteAsync(Batch("vm-9", 3, 50), CancellationToken.None);
        Assert.Equal(52, await journal.ReadHighestSequenceNrAsync("vm-9", CancellationToken.None));
    }

    private static Task WaitUntilIdleInTransactionAsync(string connectionString, string application) =>
        PollAsync(connectionString, $"SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = '{application}' AND state = 'idle in transaction'", 1);

    private static Task WaitUntilGoneAsync(string connectionString, string application) =>
        PollAsync(connectionString, $"SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = '{application}'", 0);

    // Waits for server-side state, not for time: the poll ends when the condition holds, with a generous cap.
    private static async Task PollAsync(string connectionString, string sql, long expected)
    {
        var deadline = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        while (true)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            if ((long)(await command.ExecuteScalarAsync())! == expected)
            {
                return;
            }

            Assert.True(deadline.Elapsed < TestTime.Scale(TimeSpan.FromMinutes(1)), $"server never reached the state of: {sql} = {expected}");
            await Task.Delay(50);
        }
    }
}
