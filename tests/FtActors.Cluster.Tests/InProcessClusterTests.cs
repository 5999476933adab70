using FtActors.Cluster.Membership;
using FtActors.Cluster.PubSub;
using FtActors.Cluster.Tests.Support;
using FtActors.Kernel;
using FtActors.Persistence.Membership;
using FtActors.TestKit;
using Xunit;

namespace FtActors.Cluster.Tests;

/// <summary>Several actor systems in one process on 127.0.0.1:0, one SQLite file, the remoting fault injector.</summary>
public sealed class InProcessClusterTests : IAsyncLifetime
{
    private readonly ClusterHarness _harness = new();

    public Task InitializeAsync() => _harness.InitializeAsync();

    public Task DisposeAsync() => _harness.ShutdownAsync();

    [Fact]
    public async Task Start_ThreeNodes_AllActiveInTableAndInEveryView()
    {
        var a = await _harness.StartNodeAsync("a");
        var b = await _harness.StartNodeAsync("b");
        var c = await _harness.StartNodeAsync("c");

        var table = await _harness.Table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(3, table.Members.Count(m => m.Status == MemberStatus.Active));
        Assert.All(table.Members, m => Assert.Equal(NodeRoles.Compute, m.Roles));
        foreach (var node in new[] { a, b, c })
        {
            await Eventually.TrueAsync(
                async () => (await node.Cluster.GetStateAsync(TestKitSettings.DefaultTimeout)).Members.Count(m => m.Status == MemberStatus.Active) == 3,
                $"{node.Name} to see three Active members");
        }
    }

    [Fact]
    public async Task Subscribe_ThenPeerJoins_CurrentStateFirstThenMemberUp()
    {
        var a = await _harness.StartNodeAsync("a");
        var events = new Collector(a.System, "events");
        a.Cluster.Subscribe(events.Ref);

        var first = await events.WaitForAsync<CurrentClusterState>(_ => true, "the current state on subscribe");
        Assert.Equal(a.Address, first.Self);
        Assert.Contains(first.Members, m => m.Address == a.Address && m.Status == MemberStatus.Active);

        var b = await _harness.StartNodeAsync("b");
        await events.WaitForAsync<MemberUp>(e => e.Member.Address == b.Address, "MemberUp for b");
    }

    [Fact]
    public async Task Blackhole_OneOfThree_OthersVoteItDeadAndItStopsItself()
    {
        var a = await _harness.StartNodeAsync("a");
        var b = await _harness.StartNodeAsync("b");
        var c = await _harness.StartNodeAsync("c");
        var events = new Collector(a.System, "events");
        a.Cluster.Subscribe(events.Ref);
        await Eventually.TrueAsync(
            async () => (await c.Cluster.GetStateAsync(TestKitSettings.DefaultTimeout)).Members.Count(m => m.Status == MemberStatus.Active) == 3,
            "c to see everyone before it goes silent");

        c.Remoting.Faults!.Blackhole = true;

        var down = await events.WaitForAsync<MemberDown>(e => e.Member.Address == c.Address, "MemberDown for c");
        // Both survivors voted: the verdict needs two votes in a three-node cluster.
        Assert.Equal(
            new[] { a.Address, b.Address }.OrderBy(x => x.Port),
            down.Member.SuspectTimes.Select(v => v.Suspecter).OrderBy(x => x.Port));
        var row = await _harness.RowAsync(c.Address);
        Assert.Equal(MemberStatus.Dead, row!.Status);
        var self = await c.Cluster.WhenSelfDead.WaitAsync(TestKitSettings.Dilated(TimeSpan.FromSeconds(30)));
        Assert.Equal(c.Address, self.Self);
        Assert.Equal(MemberStatus.Active, (await _harness.RowAsync(a.Address))!.Status);
        Assert.Equal(MemberStatus.Active, (await _harness.RowAsync(b.Address))!.Status);
    }

    [Fact]
    public async Task LeaveAsync_OneOfTwo_RowLeftAndPeerSeesMemberLeft()
    {
        var a = await _harness.StartNodeAsync("a");
        var b = await _harness.StartNodeAsync("b");
        var events = new Collector(a.System, "events");
        a.Cluster.Subscribe(events.Ref);
        await events.WaitForAsync<CurrentClusterState>(s => s.ActiveByAge().Length == 2, "a to see b Active before b leaves");

        Assert.True(await b.Cluster.LeaveAsync(TestKitSettings.Dilated(TimeSpan.FromSeconds(20))));

        // The peer may read the table only after both writes, so MemberLeaving is not guaranteed; MemberLeft is.
        await events.WaitForAsync<MemberLeft>(e => e.Member.Address == b.Address, "MemberLeft for b");
        Assert.Equal(MemberStatus.Left, (await _harness.RowAsync(b.Address))!.Status);
        Assert.False(b.Cluster.WhenSelfDead.IsCompleted);
    }

    [Fact]
    public async Task Start_EarlierIncarnationOnSameEndpoint_MarkedDead()
    {
        MemberAddress old = default;
        var now = DateTimeOffset.UtcNow;
        var a = await _harness.StartNodeAsync("a", beforeJoin: remoting =>
        {
            old = new MemberAddress(remoting.Address.Host!, remoting.Address.Port!.Value, remoting.Incarnation - 1);
            var data = _harness.Table.ReadAllAsync(CancellationToken.None).GetAwaiter().GetResult();
            var row = new MembershipEntry(old, MemberStatus.Active, NodeRoles.Compute, NodeCapacity.None, [], now.AddMinutes(-1), now);
            Assert.True(_harness.Table.InsertRowAsync(row, data.Version, CancellationToken.None).GetAwaiter().GetResult().IsApplied);
        });

        Assert.Equal(MemberStatus.Dead, (await _harness.RowAsync(old))!.Status);
        Assert.Equal(MemberStatus.Active, (await _harness.RowAsync(a.Address))!.Status);
    }

    [Fact]
    public async Task Refresh_OwnRowMarkedDeadByOthers_NodeStopsItself()
    {
        var a = await _harness.StartNodeAsync("a");
        var data = await _harness.Table.ReadAllAsync(CancellationToken.None);

        var write = await _harness.Table.UpdateRowAsync(data.Find(a.Address)! with { Status = MemberStatus.Dead }, data.Version, CancellationToken.None);
        Assert.True(write.IsApplied);

        var dead = await a.Cluster.WhenSelfDead.WaitAsync(TestKitSettings.Dilated(TimeSpan.FromSeconds(30)));
        Assert.Contains("Dead", dead.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_PeerWithStaleIAmAlive_DeclaredDeadWithoutVotes()
    {
        var a = await _harness.StartNodeAsync("a");
        var ghost = new MemberAddress("127.0.0.1", 9, 42);
        var data = await _harness.Table.ReadAllAsync(CancellationToken.None);
        var longAgo = DateTimeOffset.UtcNow.AddHours(-1);
        var insert = await _harness.Table.InsertRowAsync(
            new MembershipEntry(ghost, MemberStatus.Active, NodeRoles.Spare, NodeCapacity.None, [], longAgo, longAgo), data.Version, CancellationToken.None);
        Assert.True(insert.IsApplied);

        await Eventually.TrueAsync(async () => (await _harness.RowAsync(ghost))?.Status == MemberStatus.Dead, "the ghost row to be declared Dead");
        Assert.Empty((await _harness.RowAsync(ghost))!.SuspectTimes);
        Assert.Equal(MemberStatus.Active, (await _harness.RowAsync(a.Address))!.Status);
    }

    [Fact]
    public async Task Publish_OnOneNode_SubscriberOnOtherNodeReceivesIt()
    {
        var a = await _harness.StartNodeAsync("a");
        var b = await _harness.StartNodeAsync("b");
        var mediatorA = a.Cluster.PubSub(TestMessages.Serializer());
        var mediatorB = b.Cluster.PubSub(TestMessages.Serializer());
        var subscriber = new Collector(b.System, "health-subscriber");
        var acks = new Collector(b.System, "acks");
        mediatorB.Tell(new Subscribe("health", subscriber.Ref), acks.Ref);
        await acks.WaitForAsync<SubscribeAck>(x => x.Topic == "health", "the subscription ack");

        // At most once: a publication sent before a's mediator knows b is not delivered there, so publish until one is.
        var received = subscriber.WaitForAsync<HealthEvent>(e => e.Node == "a", "a's health event on b");
        var sequence = 0;
        while (!received.IsCompleted)
        {
            mediatorA.Tell(new Publish("health", new HealthEvent("a", "ok " + sequence++)));
            await Task.WhenAny(received, Task.Delay(200));
        }

        Assert.StartsWith("ok ", (await received).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_OtherTopic_NotDelivered()
    {
        var a = await _harness.StartNodeAsync("a");
        var mediator = a.Cluster.PubSub(TestMessages.Serializer());
        var subscriber = new Collector(a.System, "sub");
        var acks = new Collector(a.System, "acks");
        mediator.Tell(new Subscribe("health", subscriber.Ref), acks.Ref);
        await acks.WaitForAsync<SubscribeAck>(_ => true, "ack");

        mediator.Tell(new Publish("predictions", new HealthEvent("a", "wrong topic")));
        mediator.Tell(new Publish("health", new HealthEvent("a", "right topic")));

        var got = await subscriber.WaitForAsync<HealthEvent>(_ => true, "the health event");
        Assert.Equal("right topic", got.Text);
    }

    [Fact]
    public async Task Singleton_OldestLeaves_MovesToNextAndStateSurvives()
    {
        var a = await _harness.StartNodeAsync("a");
        var b = await _harness.StartNodeAsync("b");
        a.Cluster.StartSingleton("ledger", Props.Create(() => new ItemLedgerActor("a")));
        var proxyB = b.Cluster.StartSingleton("ledger", Props.Create(() => new ItemLedgerActor("b")));

        Items last = null!;
        foreach (var id in new[] { "x", "y", "z" })
        {
            await Eventually.TrueAsync(async () =>
            {
                last = await proxyB.Ask<Items>(new AddItem(id), TestKitSettings.Dilated(TimeSpan.FromSeconds(2)));
                return true;
            }, "the ledger to take item " + id);
        }

        Assert.Equal(new Items(3, "a"), last);

        Assert.True(await a.Cluster.LeaveAsync(TestKitSettings.Dilated(TimeSpan.FromSeconds(20))));

        Items moved = null!;
        await Eventually.TrueAsync(async () =>
        {
            moved = await proxyB.Ask<Items>(new GetItems(), TestKitSettings.Dilated(TimeSpan.FromSeconds(2)));
            return moved.Node == "b";
        }, "the ledger to run on b");
        Assert.Equal(new Items(3, "b"), moved);
    }

    [Fact]
    public async Task Singleton_OldestBlackholed_MovesAfterDeathVerdict()
    {
        var a = await _harness.StartNodeAsync("a");
        var b = await _harness.StartNodeAsync("b");
        // A third node makes the verdict a majority's: with two, a blackholed node suspects its peer as fast
        // as the peer suspects it, and either may win the race to the table.
        var c = await _harness.StartNodeAsync("c");
        a.Cluster.StartSingleton("ledger", Props.Create(() => new ItemLedgerActor("a")));
        var proxyB = b.Cluster.StartSingleton("ledger", Props.Create(() => new ItemLedgerActor("b")));
        c.Cluster.StartSingleton("ledger", Props.Create(() => new ItemLedgerActor("c")));
        await Eventually.TrueAsync(async () =>
            (await proxyB.Ask<Items>(new AddItem("before"), TestKitSettings.Dilated(TimeSpan.FromSeconds(2)))).Node == "a",
            "the ledger on a to take an item");

        a.Remoting.Faults!.Blackhole = true;
        await Eventually.TrueAsync(async () => (await _harness.RowAsync(a.Address))?.Status == MemberStatus.Dead, "a's row to be Dead");
        await Eventually.TrueAsync(
            async () => (await b.Cluster.GetStateAsync(TestKitSettings.DefaultTimeout)).ActiveByAge() is [var oldest, var next]
                && oldest.Address == b.Address && next.Address == c.Address,
            "b to see itself as the oldest Active member, c next");

        Items moved = null!;
        await Eventually.TrueAsync(async () =>
        {
            moved = await proxyB.Ask<Items>(new GetItems(), TestKitSettings.Dilated(TimeSpan.FromSeconds(2)));
            return moved.Node == "b";
        }, "the ledger to run on b after a's death");
        Assert.Equal(1, moved.Count);
        Assert.Equal(MemberStatus.Dead, (await _harness.RowAsync(a.Address))!.Status);
    }
}
