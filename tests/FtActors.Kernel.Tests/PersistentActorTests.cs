using FsCheck;
using FsCheck.Fluent;
using FtActors.Kernel;
using FtActors.Kernel.Persistence;
using FtActors.TestKit;
using Xunit;

namespace FtActors.Kernel.Tests;

public class PersistentActorTests : ActorTestKit
{
    private readonly InMemoryJournal _journal = new();
    private readonly InMemorySnapshotStore _snapshots = new();

    public PersistentActorTests() =>
        PersistenceExtension.Register(Sys, _journal, _snapshots, ListActor.Serializer());

    [Fact]
    public async Task Persist_ThenNewIncarnation_RecoversState()
    {
        var first = Sys.ActorOf(Props.Create(() => new ListActor("list-1", TestActor)), "first");
        await ExpectMsgAsync<ListActor.Recovered>(r => r.State.Length == 0);
        first.Tell(1, TestActor);
        first.Tell(2, TestActor);
        first.Tell(3, TestActor);
        Assert.Equal(new long[] { 1, 2, 3 }, new[] { await ExpectMsgAsync<long>(), await ExpectMsgAsync<long>(), await ExpectMsgAsync<long>() });
        Watch(first);
        Sys.Stop(first);
        await ExpectTerminatedAsync(first);

        Sys.ActorOf(Props.Create(() => new ListActor("list-1", TestActor)), "second");

        var recovered = await ExpectMsgAsync<ListActor.Recovered>();
        Assert.Equal([1, 2, 3], recovered.State);
        Assert.Equal(3, recovered.SequenceNr);
    }

    [Fact]
    public async Task Commands_DuringRecovery_AreHandledAfterRecoveryInOrder()
    {
        await _journal.WriteAsync([Entry("slow", 1, 10), Entry("slow", 2, 20)], CancellationToken.None);
        var gate = new TaskCompletionSource();
        var gated = ActorSystem.Create("gated");
        try
        {
            PersistenceExtension.Register(gated, new GatedJournal(_journal, gate.Task), _snapshots, ListActor.Serializer());
            var actor = gated.ActorOf(Props.Create(() => new ListActor("slow", TestActor)));

            actor.Tell(30, TestActor);
            actor.Tell("get", TestActor);
            await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
            gate.SetResult();

            Assert.Equal(new[] { 10, 20 }, (await ExpectMsgAsync<ListActor.Recovered>()).State);
            Assert.Equal(3L, await ExpectMsgAsync<long>());
            Assert.Equal(new[] { 10, 20, 30 }, await ExpectMsgAsync<int[]>());
        }
        finally
        {
            await gated.TerminateAsync();
        }
    }

    [Fact]
    public async Task PersistAll_WritesOneBatchAndRunsHandlersInOrder()
    {
        var actor = Sys.ActorOf(Props.Create(() => new ListActor("batch", TestActor)));
        await ExpectMsgAsync<ListActor.Recovered>();

        actor.Tell(new[] { 7, 8, 9 }, TestActor);

        Assert.Equal(new long[] { 1, 2, 3 }, new[] { await ExpectMsgAsync<long>(), await ExpectMsgAsync<long>(), await ExpectMsgAsync<long>() });
        var stored = await JournalSpecHelpers.ReadAll(_journal, "batch");
        Assert.Equal([1L, 2, 3], stored.Select(e => e.SequenceNr));
        Assert.All(stored, e => Assert.Equal("value-added", e.Manifest));
    }

    [Fact]
    public async Task Persist_SecondWriterForSameId_StopsWithConcurrencyConflict()
    {
        var a = Sys.ActorOf(Props.Create(() => new ListActor("shared", TestActor)), "a");
        await ExpectMsgAsync<ListActor.Recovered>();
        var b = Sys.ActorOf(Props.Create(() => new ListActor("shared", TestActor)), "b");
        await ExpectMsgAsync<ListActor.Recovered>();
        Watch(b);

        a.Tell(1, TestActor);
        Assert.Equal(1L, await ExpectMsgAsync<long>());
        b.Tell(2, TestActor);

        await ExpectTerminatedAsync(b);
        Assert.Equal([1], (await JournalSpecHelpers.ReadAll(_journal, "shared")).Select(e => (int)e.SequenceNr));
    }

    [Fact]
    public async Task Recovery_UnknownManifest_StopsActor()
    {
        await _journal.WriteAsync([new JournalEntry("odd", 1, "renamed-event", 1, "{}"u8.ToArray(), DateTimeOffset.UnixEpoch)], CancellationToken.None);
        var actor = Sys.ActorOf(Props.Create(() => new ListActor("odd", TestActor)));
        Watch(actor);

        await ExpectTerminatedAsync(actor);
    }

    [Fact]
    public async Task Snapshot_ThenMoreEvents_RecoveryStartsFromSnapshot()
    {
        var actor = Sys.ActorOf(Props.Create(() => new ListActor("snap", TestActor)), "one");
        await ExpectMsgAsync<ListActor.Recovered>();
        actor.Tell(1, TestActor);
        actor.Tell(2, TestActor);
        actor.Tell("snap", TestActor);
        actor.Tell(3, TestActor);
        bool saved = false, thirdPersisted = false;
        while (!(saved && thirdPersisted))
        {
            var m = (await TestActor.ReceiveOneAsync()).Message;
            saved |= m is SaveSnapshotSuccess { Metadata.SequenceNr: 2 };
            thirdPersisted |= m is 3L;
        }

        await _journal.DeleteMessagesToAsync("snap", 2, CancellationToken.None);
        Watch(actor);
        Sys.Stop(actor);
        await FishForMessageAsync(m => m is Terminated);

        Sys.ActorOf(Props.Create(() => new ListActor("snap", TestActor)), "two");

        var recovered = await ExpectMsgAsync<ListActor.Recovered>();
        Assert.Equal([1, 2, 3], recovered.State);
        Assert.Equal(2, recovered.SnapshotSequenceNr);
    }

    [Fact]
    public void SnapshotPlusReplay_AnySnapshotPoint_GivesSameStateAsFullReplay()
    {
        var cases = from events in Gen.ListOf(Gen.Choose(-1000, 1000)).Where(l => l.Count > 0)
                    from cut in Gen.Choose(0, events.Count)
                    select (events: events.ToArray(), cut);

        Prop.ForAll(cases.ToArbitrary(), c => CheckSnapshotEquivalence(c.events, c.cut).GetAwaiter().GetResult())
            .Check(Config.QuickThrowOnFailure.WithMaxTest(30));
    }

    private static async Task<bool> CheckSnapshotEquivalence(int[] events, int cut)
    {
        var journal = new InMemoryJournal();
        var snapshots = new InMemorySnapshotStore();
        var serializer = ListActor.Serializer();
        var entries = events.Select((e, i) =>
        {
            var p = serializer.Serialize(new ValueAdded(e, string.Empty));
            return new JournalEntry("p", i + 1, p.Manifest, p.FormatVersion, p.Payload, DateTimeOffset.UnixEpoch);
        }).ToList();
        await journal.WriteAsync(entries, CancellationToken.None);

        var full = await RecoverAsync(journal, snapshots, serializer);
        if (cut > 0)
        {
            var state = serializer.Serialize(events[..cut]);
            await snapshots.SaveAsync(new SnapshotEntry("p", cut, DateTimeOffset.UnixEpoch, state.Manifest, state.FormatVersion, state.Payload), CancellationToken.None);
        }

        var fromSnapshot = await RecoverAsync(journal, snapshots, serializer);
        return full.State.SequenceEqual(events) && fromSnapshot.State.SequenceEqual(events)
            && fromSnapshot.SequenceNr == events.Length && fromSnapshot.SnapshotSequenceNr == cut;
    }

    private static async Task<ListActor.Recovered> RecoverAsync(IJournal journal, ISnapshotStore snapshots, IEventSerializer serializer)
    {
        await using var system = ActorSystem.Create("snapshot-property");
        PersistenceExtension.Register(system, journal, snapshots, serializer);
        var probe = new TaskCompletionSource<ListActor.Recovered>(TaskCreationOptions.RunContinuationsAsynchronously);
        system.ActorOf(Props.Create(() => new ListActor("p", null, probe)));
        return await probe.Task.WaitAsync(TestKitSettings.DefaultTimeout);
    }

    private static JournalEntry Entry(string id, long sequenceNr, int value)
    {
        var p = ListActor.Serializer().Serialize(new ValueAdded(value, string.Empty));
        return new JournalEntry(id, sequenceNr, p.Manifest, p.FormatVersion, p.Payload, DateTimeOffset.UnixEpoch);
    }

    /// <summary>Holds every replay until a gate opens, to keep an actor in recovery while commands arrive.</summary>
    private sealed class GatedJournal(IJournal inner, Task gate) : IJournal
    {
        public Task WriteAsync(IReadOnlyList<JournalEntry> batch, CancellationToken cancellationToken) => inner.WriteAsync(batch, cancellationToken);

        public async IAsyncEnumerable<JournalEntry> ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await gate;
            await foreach (var e in inner.ReplayAsync(persistenceId, fromSequenceNr, toSequenceNr, max, cancellationToken))
            {
                yield return e;
            }
        }

        public Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken) => inner.ReadHighestSequenceNrAsync(persistenceId, cancellationToken);

        public Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) => inner.DeleteMessagesToAsync(persistenceId, toSequenceNr, cancellationToken);
    }
}

internal static class JournalSpecHelpers
{
    public static async Task<List<JournalEntry>> ReadAll(IJournal journal, string id)
    {
        var list = new List<JournalEntry>();
        await foreach (var e in journal.ReplayAsync(id, 1, long.MaxValue, long.MaxValue, CancellationToken.None))
        {
            list.Add(e);
        }

        return list;
    }
}

/// <summary>
/// A persistent list of ints: an int command persists <see cref="ValueAdded"/> and replies with the new sequence
/// number; an int[] persists all as one batch; "snap" saves a snapshot; "get" replies with the state.
/// </summary>
internal sealed class ListActor : PersistentActor
{
    private readonly string _id;
    private readonly IActorRef? _probe;
    private readonly TaskCompletionSource<Recovered>? _recovered;
    private List<int> _state = [];
    private long _snapshotSequenceNr;

    public ListActor(string id, IActorRef? probe, TaskCompletionSource<Recovered>? recovered = null)
    {
        _id = id;
        _probe = probe;
        _recovered = recovered;
    }

    public override string PersistenceId => _id;

    public static EventSerializerRegistry Serializer() =>
        new EventSerializerRegistry().Register<ValueAdded>("value-added").Register<int[]>("list-state");

    protected override bool ReceiveRecover(object message)
    {
        switch (message)
        {
            case ValueAdded added:
                _state.Add(added.Value);
                return true;
            case SnapshotOffer { Snapshot: int[] snapshot } offer:
                _state = [.. snapshot];
                _snapshotSequenceNr = offer.Metadata.SequenceNr;
                return true;
            case RecoveryCompleted:
                var recovered = new Recovered([.. _state], LastSequenceNr, _snapshotSequenceNr);
                _probe?.Tell(recovered);
                _recovered?.TrySetResult(recovered);
                return true;
            default:
                return false;
        }
    }

    protected override bool ReceiveCommand(object message)
    {
        switch (message)
        {
            case int value:
                Persist(new ValueAdded(value, string.Empty), e =>
                {
                    _state.Add(e.Value);
                    Sender.Tell(LastSequenceNr);
                });
                return true;
            case int[] values:
                PersistAll(values.Select(v => new ValueAdded(v, string.Empty)), e =>
                {
                    _state.Add(e.Value);
                    Sender.Tell(LastSequenceNr);
                });
                return true;
            case "snap":
                SaveSnapshot(_state.ToArray());
                return true;
            case SaveSnapshotSuccess success:
                _probe?.Tell(success);
                return true;
            case "get":
                Sender.Tell(_state.ToArray());
                return true;
            default:
                return false;
        }
    }

    public sealed record Recovered(int[] State, long SequenceNr, long SnapshotSequenceNr);
}
