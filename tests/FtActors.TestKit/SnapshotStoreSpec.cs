using FtActors.Kernel.Persistence;
using Xunit;

namespace FtActors.TestKit;

/// <summary>
/// The conformance suite every <see cref="ISnapshotStore"/> must pass. Inherit it and implement
/// <see cref="CreateStore"/> (a fresh, empty store per call).
/// </summary>
public abstract class SnapshotStoreSpec
{
    private static readonly DateTimeOffset Origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A fresh, empty snapshot store.</summary>
    protected abstract ISnapshotStore CreateStore();

    /// <summary>A snapshot whose payload and timestamp encode its sequence number.</summary>
    protected static SnapshotEntry Snapshot(string id, long sequenceNr) =>
        new(id, sequenceNr, Origin.AddMinutes(sequenceNr), "test-state", 1, System.Text.Encoding.UTF8.GetBytes($"{id}@{sequenceNr}"));

    [Fact]
    public async Task Load_AfterSaves_ReturnsTheHighestSequenceNr()
    {
        var store = CreateStore();
        foreach (var n in new long[] { 5, 20, 10 })
        {
            await store.SaveAsync(Snapshot("a", n), CancellationToken.None);
        }

        var loaded = await store.LoadAsync("a", SnapshotSelectionCriteria.Latest, CancellationToken.None);

        Assert.NotNull(loaded);
        Assert.Equal(20, loaded.SequenceNr);
        Assert.Equal("test-state", loaded.Manifest);
        Assert.Equal(1, loaded.FormatVersion);
        Assert.Equal(Origin.AddMinutes(20), loaded.Timestamp);
        Assert.Equal("a@20", System.Text.Encoding.UTF8.GetString(loaded.Payload.Span));
    }

    [Fact]
    public async Task Load_WithCriteria_ReturnsLatestAtOrBelowBounds()
    {
        var store = CreateStore();
        foreach (var n in new long[] { 5, 10, 20 })
        {
            await store.SaveAsync(Snapshot("a", n), CancellationToken.None);
        }

        var bySeq = await store.LoadAsync("a", new SnapshotSelectionCriteria(15, DateTimeOffset.MaxValue), CancellationToken.None);
        var byTime = await store.LoadAsync("a", new SnapshotSelectionCriteria(long.MaxValue, Origin.AddMinutes(7)), CancellationToken.None);
        var none = await store.LoadAsync("a", new SnapshotSelectionCriteria(4, DateTimeOffset.MaxValue), CancellationToken.None);

        Assert.Equal(10, bySeq?.SequenceNr);
        Assert.Equal(5, byTime?.SequenceNr);
        Assert.Null(none);
    }

    [Fact]
    public async Task Load_UnknownId_ReturnsNull()
    {
        var store = CreateStore();

        Assert.Null(await store.LoadAsync("nobody", SnapshotSelectionCriteria.Latest, CancellationToken.None));
    }

    [Fact]
    public async Task Save_SameSequenceNrTwice_ReplacesTheFirst()
    {
        var store = CreateStore();
        await store.SaveAsync(Snapshot("a", 3), CancellationToken.None);
        await store.SaveAsync(Snapshot("a", 3) with { Payload = "second"u8.ToArray() }, CancellationToken.None);

        var loaded = await store.LoadAsync("a", SnapshotSelectionCriteria.Latest, CancellationToken.None);

        Assert.Equal("second", System.Text.Encoding.UTF8.GetString(loaded!.Payload.Span));
    }

    [Fact]
    public async Task Delete_WithCriteria_RemovesOnlyMatchingSnapshots()
    {
        var store = CreateStore();
        foreach (var n in new long[] { 5, 10, 20 })
        {
            await store.SaveAsync(Snapshot("a", n), CancellationToken.None);
        }

        await store.SaveAsync(Snapshot("b", 5), CancellationToken.None);

        await store.DeleteAsync("a", new SnapshotSelectionCriteria(10, DateTimeOffset.MaxValue), CancellationToken.None);

        Assert.Equal(20, (await store.LoadAsync("a", SnapshotSelectionCriteria.Latest, CancellationToken.None))?.SequenceNr);
        Assert.Null(await store.LoadAsync("a", new SnapshotSelectionCriteria(19, DateTimeOffset.MaxValue), CancellationToken.None));
        Assert.Equal(5, (await store.LoadAsync("b", SnapshotSelectionCriteria.Latest, CancellationToken.None))?.SequenceNr);
    }
}
