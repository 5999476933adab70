using FtActors.Kernel.Persistence;
using Xunit;

namespace FtActors.TestKit;

/// <summary>
/// The conformance suite every <see cref="IJournal"/> must pass. Inherit it, implement <see cref="CreateJournal"/>
/// (a fresh, empty journal per call), and xunit runs every fact against your back end.
/// </summary>
public abstract class JournalSpec
{
    private static readonly DateTimeOffset Timestamp = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A fresh, empty journal.</summary>
    protected abstract IJournal CreateJournal();

    /// <summary>Builds a batch of <paramref name="count"/> entries from <paramref name="first"/>, payload = the sequence number as text.</summary>
    protected static IReadOnlyList<JournalEntry> Batch(string id, long first, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Entry(id, first + i))];

    /// <summary>One entry whose payload encodes its sequence number, so replays can be checked byte for byte.</summary>
    protected static JournalEntry Entry(string id, long sequenceNr) =>
        new(id, sequenceNr, "test-event", 1, System.Text.Encoding.UTF8.GetBytes($"{id}:{sequenceNr}"), Timestamp.AddSeconds(sequenceNr));

    [Fact]
    public async Task Replay_AfterWrites_ReturnsEveryEventInOrderWithPayloadAndManifest()
    {
        var journal = CreateJournal();
        await journal.WriteAsync(Batch("a", 1, 3), CancellationToken.None);
        await journal.WriteAsync(Batch("a", 4, 2), CancellationToken.None);

        var replayed = await ToListAsync(journal.ReplayAsync("a", 1, long.MaxValue, long.MaxValue, CancellationToken.None));

        Assert.Equal([1L, 2, 3, 4, 5], replayed.Select(e => e.SequenceNr));
        Assert.All(replayed, e =>
        {
            Assert.Equal("a", e.PersistenceId);
            Assert.Equal("test-event", e.Manifest);
            Assert.Equal(1, e.FormatVersion);
            Assert.Equal($"a:{e.SequenceNr}", System.Text.Encoding.UTF8.GetString(e.Payload.Span));
            Assert.Equal(Timestamp.AddSeconds(e.SequenceNr), e.Timestamp);
        });
    }

    [Fact]
    public async Task Replay_WithBounds_ReturnsOnlyTheRangeUpToMax()
    {
        var journal = CreateJournal();
        await journal.WriteAsync(Batch("a", 1, 10), CancellationToken.None);

        var range = await ToListAsync(journal.ReplayAsync("a", 3, 7, long.MaxValue, CancellationToken.None));
        var limited = await ToListAsync(journal.ReplayAsync("a", 3, 7, 2, CancellationToken.None));

        Assert.Equal([3L, 4, 5, 6, 7], range.Select(e => e.SequenceNr));
        Assert.Equal([3L, 4], limited.Select(e => e.SequenceNr));
    }

    [Fact]
    public async Task Write_ReusedSequenceNr_ThrowsConcurrencyExceptionAndStoresNothingOfTheBatch()
    {
        var journal = CreateJournal();
        await journal.WriteAsync(Batch("a", 1, 3), CancellationToken.None);

        var ex = await Assert.ThrowsAsync<JournalConcurrencyException>(() => journal.WriteAsync(Batch("a", 3, 3), CancellationToken.None));

        Assert.Equal("a", ex.PersistenceId);
        Assert.Equal(3, ex.SequenceNr);
        Assert.Equal(3, await journal.ReadHighestSequenceNrAsync("a", CancellationToken.None));
        var replayed = await ToListAsync(journal.ReplayAsync("a", 1, long.MaxValue, long.MaxValue, CancellationToken.None));
        Assert.Equal([1L, 2, 3], replayed.Select(e => e.SequenceNr));
    }

    [Fact]
    public async Task Write_InvalidBatch_ThrowsArgumentException()
    {
        var journal = CreateJournal();

        await Assert.ThrowsAsync<ArgumentException>(() => journal.WriteAsync([], CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => journal.WriteAsync([Entry("a", 1), Entry("a", 3)], CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => journal.WriteAsync([Entry("a", 1), Entry("b", 2)], CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => journal.WriteAsync([Entry("a", 0)], CancellationToken.None));
        Assert.Equal(0, await journal.ReadHighestSequenceNrAsync("a", CancellationToken.None));
    }

    [Fact]
    public async Task ReadHighestSequenceNr_UnknownId_IsZero()
    {
        var journal = CreateJournal();

        Assert.Equal(0, await journal.ReadHighestSequenceNrAsync("nobody", CancellationToken.None));
        Assert.Empty(await ToListAsync(journal.ReplayAsync("nobody", 1, long.MaxValue, long.MaxValue, CancellationToken.None)));
    }

    [Fact]
    public async Task DeleteMessagesTo_HidesDeletedEventsButKeepsHighestSequenceNr()
    {
        var journal = CreateJournal();
        await journal.WriteAsync(Batch("a", 1, 5), CancellationToken.None);

        await journal.DeleteMessagesToAsync("a", 5, CancellationToken.None);

        Assert.Empty(await ToListAsync(journal.ReplayAsync("a", 1, long.MaxValue, long.MaxValue, CancellationToken.None)));
        Assert.Equal(5, await journal.ReadHighestSequenceNrAsync("a", CancellationToken.None));
    }

    [Fact]
    public async Task DeleteMessagesTo_PartialDelete_ReplaysTheRest()
    {
        var journal = CreateJournal();
        await journal.WriteAsync(Batch("a", 1, 5), CancellationToken.None);

        await journal.DeleteMessagesToAsync("a", 2, CancellationToken.None);

        var replayed = await ToListAsync(journal.ReplayAsync("a", 1, long.MaxValue, long.MaxValue, CancellationToken.None));
        Assert.Equal([3L, 4, 5], replayed.Select(e => e.SequenceNr));
    }

    [Fact]
    public async Task Write_SequenceNrOfDeletedEvent_StillConflicts()
    {
        var journal = CreateJournal();
        await journal.WriteAsync(Batch("a", 1, 3), CancellationToken.None);
        await journal.DeleteMessagesToAsync("a", 3, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<JournalConcurrencyException>(() => journal.WriteAsync(Batch("a", 2, 1), CancellationToken.None));

        Assert.Equal(2, ex.SequenceNr);
    }

    [Fact]
    public async Task Write_DifferentIds_AreIndependent()
    {
        var journal = CreateJournal();
        await journal.WriteAsync(Batch("a", 1, 2), CancellationToken.None);
        await journal.WriteAsync(Batch("b", 1, 4), CancellationToken.None);

        Assert.Equal(2, await journal.ReadHighestSequenceNrAsync("a", CancellationToken.None));
        Assert.Equal(4, await journal.ReadHighestSequenceNrAsync("b", CancellationToken.None));
        var b = await ToListAsync(journal.ReplayAsync("b", 1, long.MaxValue, long.MaxValue, CancellationToken.None));
        Assert.All(b, e => Assert.Equal("b", e.PersistenceId));
    }

    [Fact]
    public async Task Write_ConcurrentWritersOfOneSequenceNr_ExactlyOneWins()
    {
        var journal = CreateJournal();
        var attempts = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            try
            {
                await journal.WriteAsync(Batch("a", 1, 2), CancellationToken.None);
                return true;
            }
            catch (JournalConcurrencyException)
            {
                return false;
            }
        }));

        var results = await Task.WhenAll(attempts);

        Assert.Single(results, r => r);
        Assert.Equal(2, (await ToListAsync(journal.ReplayAsync("a", 1, long.MaxValue, long.MaxValue, CancellationToken.None))).Count);
    }

    /// <summary>Collects an async sequence.</summary>
    protected static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var list = new List<T>();
        await foreach (var item in source.ConfigureAwait(false))
        {
            list.Add(item);
        }

        return list;
    }
}
