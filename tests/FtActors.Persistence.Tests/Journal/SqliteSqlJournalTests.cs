using System.Diagnostics;
using FtActors.Persistence.Sql;
using FtActors.Persistence.Tests.Support;
using Xunit;

namespace FtActors.Persistence.Tests.Journal;

/// <summary>The SQL journal spec on SQLite, plus a writer process killed in the middle of a batch.</summary>
public sealed class SqliteSqlJournalTests : SqlJournalSpec<SqliteEngine>
{
    [Fact]
    public async Task Write_WriterProcessKilledMidBatch_LeavesNoPartialBatchAndTheJournalWritable()
    {
        var journal = new SqlJournal(Database.Executor);
        await journal.WriteAsync(Batch("vm-9", 1, 2), CancellationToken.None);
        var path = ((SqliteTestDatabase)Database).Path;

        // A second writer process (Python's sqlite3, the same engine) opens the WAL database, starts the batch
        // 3..52 in one transaction, inserts half of it and SIGKILLs itself before COMMIT: the state a node
        // crash mid-write leaves on disk.
        const string script = """
            import os, signal, sqlite3, sys
            db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=60)
            db.execute("BEGIN IMMEDIATE")
            for n in range(3, 28):
                db.execute("INSERT INTO event_journal (persistence_id, sequence_nr, manifest, format_version, timestamp_ms, payload) VALUES ('vm-9', ?, 'vm-placed', 2, 0, x'00')", (n,))
            sys.stdout.write("inserted\n"); sys.stdout.flush()
            os.kill(os.getpid(), signal.SIGKILL)
            """;
        var info = new ProcessStartInfo("python3") { ArgumentList = { "-c", script, path }, RedirectStandardOutput = true, RedirectStandardError = true };
        using var writer = Process.Start(info) ?? throw new InvalidOperationException("python3 did not start");
        var output = await writer.StandardOutput.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(TestTime.Scale(TimeSpan.FromMinutes(1))))
        {
            await writer.WaitForExitAsync(timeout.Token);
        }

        Assert.Equal("inserted\n", output);
        Assert.Equal(128 + 9, writer.ExitCode); // killed by SIGKILL, not exited

        Assert.Equal([1L, 2], (await ReplayAllAsync(journal, "vm-9")).Select(e => e.SequenceNr));
        Assert.Equal(2, await journal.ReadHighestSequenceNrAsync("vm-9", CancellationToken.None));
        await journal.WriteAsync(Batch("vm-9", 3, 50), CancellationToken.None);
        Assert.Equal(52, await journal.ReadHighestSequenceNrAsync("vm-9", CancellationToken.None));
    }
}
