using FsCheck;
using FsCheck.Fluent;
using FtActors.Kernel.Persistence;
using FtActors.Persistence.Sql;
using FtActors.Persistence.Tests.Support;
using Xunit;

namespace FtActors.Persistence.Tests.Journal;

/// <summary>
/// What the SQL journal promises beyond the kernel's spec: two nodes (separate executors and connection
/// pools) on one database, the delete metadata guarding reused numbers, batches that roll back whole, and
/// replay returning exactly what was written for any batches.
/// </summary>
public abstract class SqlJournalSpec<TEngine> : DatabaseTest<TEngine>
    where TEngine : ITestEngine
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000);

    /// <summary>How many random cases the replay property tries (PostgreSQL round trips cost more).</summary>
    protected virtual int PropertyCases => 60;

    protected static JournalEntry Entry(string id, long sequenceNr, byte[]? payload = null) =>
        new(id, sequenceNr, "vm-placed", 2, payload ?? [(byte)sequenceNr, 0xFE, 0x00], T0.AddMilliseconds(sequenceNr));

    protected static List<JournalEntry> Batch(string id, long first, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Entry(id, first + i))];

    protected static async Task<List<JournalEntry>> ReplayAllAsync(IJournal journal, string id)
    {
        var list = new List<JournalEntry>();
        await foreach (var entry in journal.ReplayAsync(id, 1, long.MaxValue, long.MaxValue, CancellationToken.None))
        {
            list.Add(entry);
        }

        return list;
    }

    [Fact]
    public async Task Write_TwoNodesSameSequenceNrs_OneWinsAndTheOtherGetsConcurrencyException()
    {
        var nodeA = new SqlJournal(Database.CreateExecutor());
        var nodeB = new SqlJournal(Database.CreateExecutor());
        await nodeA.WriteAsync(Batch("vm-17", 1, 2), CancellationToken.None);

        // Both nodes believe they own vm-17 and continue at 3.
        await nodeA.WriteAsync(Batch("vm-17", 3, 4), CancellationToken.None);
        var error = await Assert.ThrowsAsync<JournalConcurrencyException>(() => nodeB.WriteAsync(Batch("vm-17", 3, 4), CancellationToken.None));

        Assert.Equal("vm-17", error.PersistenceId);
        Assert.Equal(3, error.SequenceNr);
        Assert.Equal([1L, 2, 3, 4, 5, 6], (await ReplayAllAsync(nodeB, "vm-17")).Select(e => e.SequenceNr));
    }

    [Fact]
    public async Task Write_ConflictInTheMiddleOfABatch_RollsBackTheWholeBatch()
    {
        var journal = new SqlJournal(Database.Executor);
        await journal.WriteAsync(Batch("vm-1", 1, 2), CancellationToken.None);
        // Another writer got number 5 in first; rows 3 and 4 of the next batch go in before 5 collides.
        await new SqlJournal(Database.CreateExecutor()).WriteAsync([Entry("vm-1", 5)], CancellationToken.None);

        var error = await Assert.ThrowsAsync<JournalConcurrencyException>(() => journal.WriteAsync(Batch("vm-1", 3, 5), CancellationToken.None));

        Assert.Equal(5, error.SequenceNr);
        Assert.Equal([1L, 2, 5], (await ReplayAllAsync(journal, "vm-1")).Select(e => e.SequenceNr));
        Assert.Equal(5, await journal.ReadHighestSequenceNrAsync("vm-1", CancellationToken.None));
    }

    [Fact]
    public async Task Write_ConflictWithALogicallyDeletedRow_NamesThatRowsNumber()
    {
        var journal = new SqlJournal(Database.Executor, new SqlJournalOptions { DeleteMode = JournalDeleteMode.Logical });
        await journal.WriteAsync(Batch("vm-8", 1, 2), CancellationToken.None);
        await journal.WriteAsync([Entry("vm-8", 5)], CancellationToken.None);
        await journal.DeleteMessagesToAsync("vm-8", 5, CancellationToken.None);

        var error = await Assert.ThrowsAsync<JournalConcurrencyException>(() => journal.WriteAsync(Batch("vm-8", 3, 5), CancellationToken.None));

        Assert.Equal(5, error.SequenceNr);
        Assert.Empty(await ReplayAllAsync(journal, "vm-8"));
        Assert.Equal(5, await journal.ReadHighestSequenceNrAsync("vm-8", CancellationToken.None));
    }

    [Fact]
    public async Task Write_CancelledBeforeCommit_StoresNothing()
    {
        var journal = new SqlJournal(Database.Executor);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => journal.WriteAsync(Batch("vm-2", 1, 10), cancelled.Token));

        Assert.Equal(0, await journal.ReadHighestSequenceNrAsync("vm-2", CancellationToken.None));
    }

    [Fact]
    public async Task DeleteMessagesTo_PhysicalBeyondHighest_RemembersTheHighestWrittenNotTheBound()
    {
        var journal = new SqlJournal(Database.Executor);
        await journal.WriteAsync(Batch("vm-3", 1, 5), CancellationToken.None);

        await journal.DeleteMessagesToAsync("vm-3", 100, CancellationToken.None);
        await journal.WriteAsync([Entry("vm-3", 6)], CancellationToken.None);

        Assert.Equal(6, await journal.ReadHighestSequenceNrAsync("vm-3", CancellationToken.None));
        Assert.Equal([6L], (await ReplayAllAsync(journal, "vm-3")).Select(e => e.SequenceNr));
    }

    [Fact]
    public async Task DeleteMessagesTo_RepeatedPhysicalDeletes_KeepOneMetadataRowAndGuardEveryDeletedNumber()
    {
        var journal = new SqlJournal(Database.Executor);
        await journal.WriteAsync(Batch("vm-4", 1, 6), CancellationToken.None);

        await journal.DeleteMessagesToAsync("vm-4", 2, CancellationToken.None);
        await journal.DeleteMessagesToAsync("vm-4", 4, CancellationToken.None);
        await journal.DeleteMessagesToAsync("vm-4", 6, CancellationToken.None);

        Assert.Equal(6, await journal.ReadHighestSequenceNrAsync("vm-4", CancellationToken.None));
        Assert.Equal(1L, await CountAsync("SELECT COUNT(*) FROM journal_metadata"));
        Assert.Equal(0L, await CountAsync("SELECT COUNT(*) FROM event_journal"));
        foreach (var reused in new long[] { 1, 4, 6 })
        {
            var error = await Assert.ThrowsAsync<JournalConcurrencyException>(() => journal.WriteAsync([Entry("vm-4", reused)], CancellationToken.None));
            Assert.Equal(reused, error.SequenceNr);
        }
    }

    [Fact]
    public async Task DeleteMessagesTo_Logical_KeepsRowsMarkedDeleted()
    {
        var journal = new SqlJournal(Database.Executor, new SqlJournalOptions { DeleteMode = JournalDeleteMode.Logical });
        await journal.WriteAsync(Batch("vm-5", 1, 4), CancellationToken.None);

        await journal.DeleteMessagesToAsync("vm-5", 3, CancellationToken.None);

        Assert.Equal(3L, await CountAsync("SELECT COUNT(*) FROM event_journal WHERE is_deleted = " + (Database.Executor.Dialect == "sqlite" ? "1" : "TRUE")));
        Assert.Equal([4L], (await ReplayAllAsync(journal, "vm-5")).Select(e => e.SequenceNr));
    }

    [Fact]
    public async Task Write_StoresManifestFormatVersionAndPayloadInTheirColumns()
    {
        var journal = new SqlJournal(Database.Executor);
        await journal.WriteAsync([Entry("vm-6", 1, [1, 2, 3])], CancellationToken.None);

        Assert.Equal(1L, await CountAsync(
            "SELECT COUNT(*) FROM event_journal WHERE persistence_id = 'vm-6' AND manifest = 'vm-placed' AND format_version = 2 " +
            $"AND timestamp_ms = {T0.AddMilliseconds(1).ToUnixTimeMilliseconds()} AND tags IS NULL"));
    }

    [Fact]
    public async Task Write_PayloadIsASliceOfALargerBuffer_StoresOnlyTheSlice()
    {
        var journal = new SqlJournal(Database.Executor);
        var buffer = new byte[] { 9, 9, 1, 2, 3, 9 };
        await journal.WriteAsync([Entry("vm-7", 1) with { Payload = buffer.AsMemory(2, 3) }], CancellationToken.None);

        var replayed = Assert.Single(await ReplayAllAsync(journal, "vm-7"));

        Assert.Equal([1, 2, 3], replayed.Payload.ToArray());
    }

    [Fact]
    public void Replay_RandomBatches_ReturnsExactlyWhatWasWritten()
    {
        // Random batch sizes and payloads (empty ones included) per random id; replay must give back every
        // event byte for byte, in order, and the highest number must be the last written.
        var batchSizes = Gen.Choose(1, 40).ListOf().Where(l => l.Count is > 0 and < 6);
        var payload = ArbMap.Default.GeneratorFor<byte[]>();
        var cases = Gen.Zip(Gen.Zip(batchSizes, payload.ArrayOf()), Gen.Elements("a", "vm-1", "ü-é", "id with spaces"), (sp, stem) => (Sizes: sp.Item1, Payloads: sp.Item2, Stem: stem)).ToArbitrary();
        var journal = new SqlJournal(Database.Executor);
        var run = 0;

        Prop.ForAll(cases, c =>
        {
            var (sizes, payloads, stem) = (c.Sizes, c.Payloads, c.Stem);
            var id = $"{stem}-{run++}";
            var written = new List<JournalEntry>();
            var next = 1L;
            foreach (var size in sizes)
            {
                var batch = Enumerable.Range(0, size)
                    .Select(i => Entry(id, next + i, payloads.Length == 0 ? [] : payloads[(int)((next + i) % payloads.Length)] ?? []))
                    .ToList();
                journal.WriteAsync(batch, CancellationToken.None).GetAwaiter().GetResult();
                written.AddRange(batch);
                next += size;
            }

            var replayed = ReplayAllAsync(journal, id).GetAwaiter().GetResult();
            var highest = journal.ReadHighestSequenceNrAsync(id, CancellationToken.None).GetAwaiter().GetResult();
            return replayed.Count == written.Count
                && highest == next - 1
                && replayed.Zip(written).All(p =>
                    p.First.PersistenceId == p.Second.PersistenceId
                    && p.First.SequenceNr == p.Second.SequenceNr
                    && p.First.Manifest == p.Second.Manifest
                    && p.First.FormatVersion == p.Second.FormatVersion
                    && p.First.Timestamp == p.Second.Timestamp
                    && p.First.Payload.Span.SequenceEqual(p.Second.Payload.Span));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(PropertyCases));
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await Database.Executor.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
